using ALfc.Core.Aggregation;
using ALfc.Core.Data;
using ALfc.Core.Poisoning.Unified;

namespace ALfc.Core.Poisoning.Substitutes;

/// <summary>
/// The Dawid-Skene substitute as SubPac's attack code fits it (<c>subMethods/EM.py</c>, notes §5): for K = 2 the
/// two-coin model, α_j = P(1 | 1), β_j = P(0 | 0), with +1 smoothing of the diagonal:
/// <para>α_j = (1 + Σ_{i: y_ij = 1} μ_i1) / (1 + Σ_{i ∈ j} μ_i1),   β_j = (1 + Σ_{i: y_ij = 0} μ_i0) / (1 + Σ_{i ∈ j} μ_i0).</para>
/// For K &gt; 2 (not in the authors' code) it generalises to a full confusion matrix with the same +1 on the diagonal,
/// P_j[k, h] = (1[h = k] + Σ_{i: y_ij = h} μ_ik) / (1 + Σ_{i ∈ j} μ_ik), which for K = 2 is exactly the two-coin rule.
/// <list type="bullet">
/// <item>Start: μ = vote fractions over normal + malicious answers; the clean prior π_normal = column means of the
/// normal-only vote fractions, computed once and never updated.</item>
/// <item>Each of <see cref="Iterations"/> rounds: M-step (π = mean μ, then P for every worker), then E-step
/// μ_ik ∝ π_k Π_j P_j[k, y_ij] over all workers. (The authors' driver is not published; M then E makes w̄ and W̃
/// come from the same parameters.)</item>
/// <item>Clean weights (the authors' e_step): w̄_ik = ln(π_normal,k Π_{j normal} P_j[k, y_ij]), a product of exactly
/// 0 becoming 0.001 and of exactly 1 becoming 0.999.</item>
/// <item>Malicious matrices (m_step): W̃^(j')[c, h] = ln P_j'[c, h], with an entry of exactly 1 clamped to 0.999 and
/// its zero complement to 0.001/(K - 1) (the authors' "α = 1 → 0.999"; it happens for a worker with no answers).</item>
/// <item>Normal matrices: W^(j) = ln P_j, w* = ln π_normal.</item>
/// </list>
/// Products are taken in log space, so the "== 0" clamp fires where a factor is 0, not on floating-point underflow.
/// </summary>
public sealed class DawidSkeneSubstitute(int iterations = 20) : ISubstituteAggregator
{
    public int Iterations { get; } = EmStart.Iterations(iterations);

    public string Name => "ds";

    public SubstituteFit Fit(AnswerMatrix normal, AnswerMatrix malicious, int classes)
    {
        var (joint, piNormal, mu, byWorker, byItem) = EmStart.Of(normal, malicious, classes);
        int m = normal.Workers, k = classes, n = normal.Items;
        var confusions = new double[joint.Workers][,];
        var logConfusions = new double[joint.Workers][,];
        var logNormal = new double[n, k];
        var score = new double[k];
        var logPi = new double[k];
        for (int iteration = 0; iteration < Iterations; iteration++)
        {
            var pi = SubstituteMath.ColumnMeans(mu);
            for (int c = 0; c < k; c++) logPi[c] = Math.Log(pi[c]);
            for (int j = 0; j < joint.Workers; j++)
            {
                confusions[j] = MStep(byWorker[j], mu, k);
                if (j >= m) ClampMalicious(confusions[j]);
                // The logs once per worker and entry, not once per answer and class: the same numbers, several times
                // fewer calls (log was a quarter of a K-class attack's time, much of it on log 0's slow path).
                logConfusions[j] = PlainLog(confusions[j]);
            }
            // E-step over all workers; the normal part of the log-likelihood is kept for w̄.
            for (int i = 0; i < n; i++)
            {
                for (int c = 0; c < k; c++) { logNormal[i, c] = 0; score[c] = 0; }
                foreach (var (j, label) in byItem[i])
                    for (int c = 0; c < k; c++)
                    {
                        double log = logConfusions[j][c, label];
                        score[c] += log;
                        if (j < m) logNormal[i, c] += log;
                    }
                for (int c = 0; c < k; c++) score[c] += logPi[c];
                SoftmaxInto(score, mu, i);
            }
        }
        var clean = new double[n, k];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < k; c++) clean[i, c] = ClampLogProduct(logNormal[i, c] + Math.Log(piNormal[c]));
        var normalModel = new UnifiedAggregationModel(confusions.Take(m).Select(LogOf).ToArray(), piNormal.Select(AggregationMath.SafeLog).ToArray());
        return new SubstituteFit(normalModel, confusions.Skip(m).Select(LogOf).ToArray(), clean);
    }

    /// <summary>P[k, h] = (1[h = k] + Σ_{i: y = h} μ_ik) / (1 + Σ_i μ_ik) over the worker's answers.</summary>
    private static double[,] MStep((int Item, int Label)[] answers, double[,] mu, int k)
    {
        var p = new double[k, k];
        var denominator = new double[k];
        for (int c = 0; c < k; c++) { p[c, c] = 1; denominator[c] = 1; }
        foreach (var (i, label) in answers)
            for (int c = 0; c < k; c++)
            {
                p[c, label] += mu[i, c];
                denominator[c] += mu[i, c];
            }
        for (int c = 0; c < k; c++)
            for (int h = 0; h < k; h++) p[c, h] /= denominator[c];
        return p;
    }

    /// <summary>The authors clamp a malicious α or β of exactly 1 to 0.999 (so 1 - α is 0.001); the K-class form spreads 0.001 over the other labels.</summary>
    private static void ClampMalicious(double[,] p)
    {
        int k = p.GetLength(0);
        for (int c = 0; c < k; c++)
        {
            if (p[c, c] < 1) continue;
            p[c, c] = SubstituteMath.ClampHigh;
            for (int h = 0; h < k; h++) if (h != c) p[c, h] = SubstituteMath.ClampLow / (k - 1);
        }
        // K > 2 only: a label the worker never gave leaves an off-diagonal 0 even below a diagonal under 1.
        for (int c = 0; c < k; c++)
            for (int h = 0; h < k; h++) if (p[c, h] <= 0) p[c, h] = SubstituteMath.ClampLow / (k - 1);
    }

    /// <summary>ln of a product given as its log, with the authors' clamps: 0 (log -∞) → ln 0.001, exactly 1 → ln 0.999.</summary>
    internal static double ClampLogProduct(double log) =>
        double.IsNegativeInfinity(log) ? Math.Log(SubstituteMath.ClampLow) : log == 0 ? Math.Log(SubstituteMath.ClampHigh) : log;

    /// <summary>μ_i = softmax(score); a row where every class is ruled out (the authors' 0/0) becomes uniform.</summary>
    internal static void SoftmaxInto(ReadOnlySpan<double> score, double[,] mu, int i)
    {
        int k = score.Length;
        double max = double.NegativeInfinity;
        for (int c = 0; c < k; c++) max = Math.Max(max, score[c]);
        if (double.IsNegativeInfinity(max) || double.IsNaN(max))
        {
            for (int c = 0; c < k; c++) mu[i, c] = 1.0 / k;
            return;
        }
        // Each exp once (the same value twice over, so the same numbers); K is at most 256 classes.
        Span<double> e = stackalloc double[k];
        double sum = 0;
        for (int c = 0; c < k; c++) sum += e[c] = Math.Exp(score[c] - max);
        for (int c = 0; c < k; c++) mu[i, c] = e[c] / sum;
    }

    /// <summary>ln of every entry as it is (ln 0 = -∞, as the E-step has always taken it; <see cref="LogOf"/> floors it).</summary>
    private static double[,] PlainLog(double[,] p) => Map(p, Math.Log);

    private static double[,] LogOf(double[,] p) => Map(p, AggregationMath.SafeLog);

    private static double[,] Map(double[,] p, Func<double, double> f)
    {
        int k = p.GetLength(0);
        var w = new double[k, k];
        for (int c = 0; c < k; c++)
            for (int h = 0; h < k; h++) w[c, h] = f(p[c, h]);
        return w;
    }
}
