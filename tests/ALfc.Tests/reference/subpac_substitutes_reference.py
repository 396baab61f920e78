"""Independent plain-Python reference for ALfc's SubPac substitutes (src/Core/Poisoning/Substitutes), binary case.

Written from subpac-notes section 5 (not from the authors' code): the two-coin Dawid-Skene substitute with +1 smoothing
and the ZenCrowd substitute with its quirks, each run as `iterations` rounds of M-step then E-step from the soft
majority-vote start, products in linear space as the authors take them. Prints the clean weights w-bar (items x 2)
and the malicious matrices W~[c][h] that tests/ALfc.Tests/Poisoning/SubstituteTests.cs hard-codes.
Run: python3 subpac_substitutes_reference.py
"""
import math

X = -1
NORMAL = [[0, 0, 1, X], [1, 1, 1, 0], [0, 1, X, 1], [1, 0, 0, 0], [X, 1, 0, 1], [0, 0, X, 1], [1, X, 1, 0], [0, 1, X, X]]
MALICIOUS = [[1, 1], [X, X], [0, 0], [1, 1], [X, X], [1, 1], [X, X], [1, X]]


def fractions(rows):
    mu = []
    for row in rows:
        votes = [sum(1 for a in row if a == c) for c in (0, 1)]
        total = sum(votes)
        mu.append([v / total for v in votes] if total else [0.5, 0.5])
    return mu


def clamp_log(product):
    if product == 1:
        product = 0.999
    if product <= 0:
        product = 0.001
    return math.log(product)


def ds(normal, malicious, iterations):
    m = len(normal[0])
    joint = [a + b for a, b in zip(normal, malicious)]
    workers = len(joint[0])
    pi_normal = [sum(r[c] for r in fractions(normal)) / len(normal) for c in (0, 1)]
    mu = fractions(joint)
    for _ in range(iterations):
        pi = [sum(r[c] for r in mu) / len(mu) for c in (0, 1)]
        alpha, beta = [], []
        for j in range(workers):
            a_num, a_den, b_num, b_den = 1.0, 1.0, 1.0, 1.0
            for i, row in enumerate(joint):
                if row[j] == X:
                    continue
                a_den += mu[i][1]
                b_den += mu[i][0]
                if row[j] == 1:
                    a_num += mu[i][1]
                else:
                    b_num += mu[i][0]
            a, b = a_num / a_den, b_num / b_den
            if j >= m:  # the malicious clamp
                a, b = (0.999 if a == 1 else a), (0.999 if b == 1 else b)
            alpha.append(a)
            beta.append(b)
        clean = []
        for i, row in enumerate(joint):
            like = [1.0, 1.0]
            normal_like = [1.0, 1.0]
            for j, ans in enumerate(row):
                if ans == X:
                    continue
                f1 = alpha[j] if ans == 1 else 1 - alpha[j]
                f0 = 1 - beta[j] if ans == 1 else beta[j]
                like[0] *= f0
                like[1] *= f1
                if j < m:
                    normal_like[0] *= f0
                    normal_like[1] *= f1
            z = like[0] * pi[0] + like[1] * pi[1]
            mu[i] = [like[0] * pi[0] / z, like[1] * pi[1] / z]
            clean.append([clamp_log(normal_like[c] * pi_normal[c]) for c in (0, 1)])
    tilde = [[[math.log(beta[j]), math.log(1 - beta[j])], [math.log(1 - alpha[j]), math.log(alpha[j])]] for j in range(m, workers)]
    return clean, tilde


def zencrowd(normal, malicious, iterations, clipped=False):
    m = len(normal[0])
    joint = [a + b for a, b in zip(normal, malicious)]
    workers = len(joint[0])
    pi_normal = [sum(r[c] for r in fractions(normal)) / len(normal) for c in (0, 1)]
    mu = fractions(joint)
    for _ in range(iterations):
        pi = [sum(r[c] for r in mu) / len(mu) for c in (0, 1)]
        p = []
        for j in range(workers):
            total, count = 1.0, 0
            for i, row in enumerate(joint):
                if row[j] != X:
                    total += mu[i][row[j]]
                    count += 1
            value = total / count if j < m else total / (1 + count)
            if j >= m and value >= 1:
                value = 0.999
            if j < m and clipped:
                # zencrowd-clipped (ALfc's addition): a normal worker's reliability stays a probability.
                value = min(0.999, max(0.001, value))
            p.append(value)
        clean = []
        for i, row in enumerate(joint):
            like = [1.0, 1.0]
            normal_like = [1.0, 1.0]
            for j, ans in enumerate(row):
                if ans == X:
                    continue
                for c in (0, 1):
                    f = p[j] if ans == c else 1 - p[j]
                    like[c] *= f
                    if j < m:
                        normal_like[c] *= f
            z = like[0] * pi[0] + like[1] * pi[1]
            mu[i] = [like[0] * pi[0] / z, like[1] * pi[1] / z] if z != 0 else [0.5, 0.5]
            clean.append([clamp_log(normal_like[c] * pi_normal[c]) for c in (0, 1)])
    tilde = [[[math.log(p[j]), math.log(1 - p[j])], [math.log(1 - p[j]), math.log(p[j])]] for j in range(m, workers)]
    return clean, tilde, p


if __name__ == "__main__":
    clipped = lambda normal, malicious, iterations: zencrowd(normal, malicious, iterations, clipped=True)
    for name, fit in (("ds", ds), ("zencrowd", zencrowd), ("zencrowd-clipped", clipped)):
        result = fit(NORMAL, MALICIOUS, 3)
        print(name, "clean", [[repr(v) for v in r] for r in result[0]])
        print(name, "tilde", [[[repr(v) for v in r] for r in w] for w in result[1]])
        if len(result) > 2:
            print(name, "p", [repr(v) for v in result[2]])
