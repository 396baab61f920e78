using ALfc.Core.Data;
using ALfc.Core.Poisoning.Unified;

namespace ALfc.Core.Poisoning.Substitutes;

/// <summary>
/// The ZenCrowd (one-coin) substitute as SubPac's attack code fits it (<c>subMethods/ZenCrowd.py</c>, notes §5), with
/// its quirks kept, generalised to K classes by spreading 1 - p evenly over the wrong labels:
/// P_j(h | k) = p_j if h = k, else (1 - p_j)/(K - 1).
/// <list type="bullet">
/// <item>Start: p = 0.5 for every worker; μ = vote fractions over all answers; π_normal = column means of the
/// normal-only vote fractions, fixed.</item>
/// <item>M-step: π = mean μ; p_j = (1 + Σ_i μ_i(y_ij)) / n_j for a normal worker (this can exceed 1: then 1 - p_j is
/// negative and so can be a likelihood product) and p_j' = (1 + Σ_i μ_i(y_ij')) / (1 + n_j') for a malicious one.</item>
/// <item>E-step: μ_ik ∝ π_k Π_j P_j(y_ij | k), taken in linear space as the authors do, so a negative factor keeps its
/// sign (a row whose normaliser is 0 or not finite becomes uniform).</item>
/// <item>Clean weights: w̄_ik = ln(π_normal,k Π_{j normal} P_j(y_ij | k)), a product ≤ 0 becoming 0.001 and one of
/// exactly 1 becoming 0.999.</item>
/// <item>Malicious matrices: W̃[k, k] = ln p_j', W̃[k, h ≠ k] = ln((1 - p_j')/(K - 1)) with p_j' = 1 → 0.999 first (the
/// authors take one diagonal entry before that clamp; the difference is ln 0.999).</item>
/// <item>Normal matrices W^(j): the same one-coin form with p_j clipped into [0.001, 0.999] so the logs exist;
/// w* = ln π_normal. (The attack uses only w̄ and W̃; these are for inspection.)</item>
/// </list>
/// With <paramref name="clipped"/> (the <c>zencrowd-clipped</c> substitute, an ALfc addition) a normal worker's p_j is
/// clipped into [0.001, 0.999] in every M-step, p_j = min(0.999, max(0.001, (1 + Σ_i μ_i(y_ij)) / n_j)), so every
/// likelihood factor is a probability. The authors' unclipped p_j &gt; 1 of a worker who agrees with the soft labels
/// makes (1 - p_j) negative: the clean weights of the items that worker answered against their label become the 0.001
/// clamp, and SubPac's refits on that substitute barely see the labels they change (its own-victim ASR at a = 0.5 was
/// 0.012 on temp). Everything else is as above.
/// </summary>
public sealed class ZenCrowdSubstitute(int iterations = 20, bool clipped = false) : ISubstituteAggregator
{
    public int Iterations { get; } = EmStart.Iterations(iterations);

    /// <summary>Whether normal workers' p_j are clipped into [0.001, 0.999] (<c>zencrowd-clipped</c>).</summary>
    public bool Clipped { get; } = clipped;

    public string Name => Clipped ? "zencrowd-clipped" : "zencrowd";

    public SubstituteFit Fit(AnswerMatrix normal, AnswerMatrix malicious, int classes)
    {
        var (joint, piNormal, mu, byWorker, byItem) = EmStart.Of(normal, malicious, classes);
        int m = normal.Workers, k = classes, n = normal.Items;
        var p = Enumerable.Repeat(0.5, joint.Workers).ToArray();
        var normalProduct = new double[n, k];
        var product = new double[k];
        for (int iteration = 0; iteration < Iterations; iteration++)
        {
            var pi = SubstituteMath.ColumnMeans(mu);
            for (int j = 0; j < joint.Workers; j++)
            {
                double sum = 1;
                foreach (var (i, label) in byWorker[j]) sum += mu[i, label];
                int count = byWorker[j].Length;
                p[j] = j < m ? (count > 0 ? sum / count : 0.5) : sum / (1 + count);
                if (j >= m) p[j] = p[j] >= 1 ? SubstituteMath.ClampHigh : p[j];
                else if (Clipped) p[j] = Math.Clamp(p[j], SubstituteMath.ClampLow, SubstituteMath.ClampHigh);
            }
            for (int i = 0; i < n; i++)
            {
                for (int c = 0; c < k; c++) { normalProduct[i, c] = 1; product[c] = 1; }
                foreach (var (j, label) in byItem[i])
                    for (int c = 0; c < k; c++)
                    {
                        double factor = c == label ? p[j] : (1 - p[j]) / (k - 1);
                        product[c] *= factor;
                        if (j < m) normalProduct[i, c] *= factor;
                    }
                double z = 0;
                for (int c = 0; c < k; c++) z += product[c] * pi[c];
                for (int c = 0; c < k; c++) mu[i, c] = z != 0 && double.IsFinite(z) ? product[c] * pi[c] / z : 1.0 / k;
            }
        }
        var clean = new double[n, k];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < k; c++) clean[i, c] = SubstituteMath.ClampedLog(normalProduct[i, c] * piNormal[c]);
        var normalMatrices = p.Take(m).Select(r => OneCoin(Math.Clamp(r, SubstituteMath.ClampLow, SubstituteMath.ClampHigh), k)).ToArray();
        var maliciousMatrices = p.Skip(m).Select(r => OneCoin(r, k)).ToArray();
        var offset = piNormal.Select(Aggregation.AggregationMath.SafeLog).ToArray();
        return new SubstituteFit(new UnifiedAggregationModel(normalMatrices, offset), maliciousMatrices, clean);
    }

    private static double[,] OneCoin(double p, int k) =>
        UnifiedAggregationModel.Diagonal(k, Math.Log(p), Math.Log((1 - p) / (k - 1)));
}
