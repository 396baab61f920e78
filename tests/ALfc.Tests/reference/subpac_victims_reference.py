# Independent plain-Python versions of the SubPac victims, written from their descriptions in
# shared/docs/subpac-notes.md section 7 (not from the C# code, and not the authors' scripts), with CPython's own
# random.seed/random.choice for the tie-breaks. Run: python3 tests/ALfc.Tests/reference/subpac_victims_reference.py
# Its output is pasted into tests/ALfc.Tests/Poisoning/SubPacVictimTests.cs.
import random

# 8 items x 4 workers, -1 = no answer. Item 7 is a 1-1 tie; items 2 and 4 are close.
Y = [[0, 0, 1, -1], [1, 1, 1, 0], [0, 1, -1, 1], [1, 0, 0, 0],
     [-1, 1, 0, 1], [0, 0, -1, 1], [1, -1, 1, 0], [0, 1, -1, -1]]
# 5 items x 4 workers, 3 classes.
Y3 = [[0, 0, 1, -1], [1, 1, 1, 2], [2, 2, -1, 0], [0, 1, 0, 0], [2, -1, 2, 2]]

def answers(Y):
    return [(i, j, y) for i, row in enumerate(Y) for j, y in enumerate(row) if y >= 0]

def mv(Y, K):
    out = []
    for row in Y:
        c = [sum(1 for y in row if y == k) for k in range(K)]
        n = sum(c)
        out.append([v / n for v in c])
    return out

def c_em(Y, K, rounds=20, q=0.7):
    N, M = len(Y), len(Y[0])
    init = lambda t, l: q if t == l else (1 - q) / (K - 1)
    prior = [1.0 / K] * K
    cm = [[[init(t, l) for l in range(K)] for t in range(K)] for _ in range(M)]
    for _ in range(rounds):
        post = []
        for row in Y:
            w = []
            for t in range(K):
                p = prior[t]
                for j, y in enumerate(row):
                    if y >= 0: p *= cm[j][t][y]
                w.append(p)
            s = sum(w)
            post.append([v / s for v in w] if s > 0 else [1.0 / K] * K)
        prior = [sum(p[t] for p in post) / N for t in range(K)]
        for j in range(M):
            for t in range(K):
                den = sum(post[i][t] for i in range(N) if Y[i][j] >= 0)
                for l in range(K):
                    cm[j][t][l] = init(t, l) if den == 0 else sum(post[i][t] for i in range(N) if Y[i][j] == l) / den
    return post, prior, cm

def zencrowd(Y, K, rounds=20, q0=0.8):
    M = len(Y[0])
    q = [q0] * M
    for _ in range(rounds):
        post = []
        for row in Y:
            w = []
            for l in range(K):
                p = 1.0
                for j, y in enumerate(row):
                    if y >= 0: p *= q[j] if y == l else (1 - q[j]) / (K - 1)
                w.append(p)
            s = sum(w)
            post.append([v / s for v in w])
        q = [sum(post[i][y] for i, jj, y in answers(Y) if jj == j) / sum(1 for _, jj, _ in answers(Y) if jj == j) for j in range(M)]
    return post, q

def vote(Y, weights):
    # candidates in order of first appearance in the row; running best starts at 0
    est = []
    labels_in_file = []
    for row in Y:
        for y in row:
            if y >= 0 and y not in labels_in_file: labels_in_file.append(y)
    for row in Y:
        score = {}
        for j, y in enumerate(row):
            if y >= 0: score[y] = score.get(y, 0) + weights[j]
        best = 0
        for v in score.values():
            if v > best: best = v
        cand = [l for l, v in score.items() if v == best]
        est.append(random.choice(cand) if cand else random.choice(labels_in_file))
    return est

def crh(Y, K, rounds=10, seed=0):
    random.seed(seed)
    M = len(Y[0])
    est = vote(Y, [1.0] * M)
    for _ in range(rounds):
        d = []
        for j in range(M):
            mine = [(i, y) for i, jj, y in answers(Y) if jj == j]
            agree = sum(1.0 for i, y in mine if y == est[i]) or 1e-8
            d.append(agree / len(mine))
        est = vote(Y, [2 * w - 1 for w in d])
    post = []
    for row in Y:
        s = [sum(d[j] for j, y in enumerate(row) if y == k) for k in range(K)]
        post.append([v / sum(s) for v in s])
    return post, d

CHI_TABLE = [0.001, 0.02, 0.22, 0.48, 0.83, 1.24, 1.69, 2.18, 2.7, 3.25]

def catd(Y, K, rounds=100, seed=0):
    random.seed(seed)
    M = len(Y[0])
    n = [sum(1 for row in Y if row[j] >= 0) for j in range(M)]
    est = vote(Y, [1.0] * M)
    for _ in range(rounds):
        w = [CHI_TABLE[n[j] - 1] / (sum(1 for i, jj, y in answers(Y) if jj == j and y != est[i]) + 1e-9) for j in range(M)]
        total = sum(w)
        w = [v / total for v in w]
        est = vote(Y, w)
    return est, w

fmt = lambda rows: "{ " + ", ".join("{ " + ", ".join(repr(v) for v in r) + " }" for r in rows) + " }"
print("mv binary", fmt(mv(Y, 2)))
post, prior, cm = c_em(Y, 2); print("c_em binary posteriors", fmt(post)); print("c_em binary prior", prior)
print("c_em binary worker0 confusion", fmt(cm[0]))
post, prior, cm = c_em(Y3, 3); print("c_em K3 posteriors", fmt(post))
post, q = zencrowd(Y, 2); print("zencrowd binary posteriors", fmt(post)); print("zencrowd binary q", q)
post, q = zencrowd(Y3, 3); print("zencrowd K3 posteriors", fmt(post))
post, d = crh(Y, 2); print("crh binary posteriors", fmt(post)); print("crh d", d)
for s in [0, 1, 2, 3]:
    est, w = catd(Y, 2, seed=s); print("catd seed", s, "labels", est, "weights", w)
for s in [0, 1, 2, 3, 4]:
    random.seed(s); print("majority start seed", s, vote(Y, [1.0] * 4), "crh seed", s, crh(Y, 2, seed=s)[1])
# 6 items x 3 workers, binary, many 1-1-... ties: the first-appearance candidate order matters.
YT = [[0, 1, -1], [1, 0, -1], [-1, 1, 0], [0, -1, 1], [1, 1, 0], [0, 1, -1]]
for s in [0, 7]:
    random.seed(s); print("tie table majority seed", s, vote(YT, [1.0] * 3))
# c_EM's fallback: worker 4 labels only items whose class-0 posterior ends at exactly 0, so its row 0 returns to (0.7, 0.3).
YF = [row + [1 if i in (1, 3) else -1] for i, row in enumerate(Y)]
post, prior, cm = c_em(YF, 2)
print("c_em fallback posteriors", fmt(post)); print("c_em fallback worker4 confusion", fmt(cm[4]))
