using ALfc.Core.Aggregation;
using ALfc.Core.Data;
using ALfc.Core.Poisoning.Unified;

namespace ALfc.Core.Poisoning.Substitutes;

/// <summary>
/// A fitted substitute in SubPac's unified form (notes §3-4):
/// <list type="bullet">
/// <item><see cref="Normal"/>: W^(j) of the M normal workers and the offset w*;</item>
/// <item><see cref="Malicious"/>: W̃^(j') (K x K, row = true class, column = label) of the M' malicious workers;</item>
/// <item><see cref="CleanWeights"/>: w̄, items x K, the class weights of the normal answers alone, computed as the
/// authors' substitute computes them (its own prior and clamps, so not always <c>Normal.ClassWeights</c>).</item>
/// </list>
/// The poisoned weights add each malicious answer h of worker j' to every class c: ŵ_i[c] = w̄_i[c] + Σ_j' W̃^(j')[c, h].
/// </summary>
public sealed record SubstituteFit(UnifiedAggregationModel Normal, double[][,] Malicious, double[,] CleanWeights)
{
    public int Items => CleanWeights.GetLength(0);

    public int Classes => CleanWeights.GetLength(1);

    /// <summary>argmax w̄ (ties to the lowest class): the labels the substitute gives without the attack.</summary>
    public int[] CleanLabels() => AggregationMath.ArgmaxRows(CleanWeights);

    /// <summary>ŵ for a discrete malicious answer matrix (items x M'): w̄ plus each answer's column of W̃.</summary>
    public double[,] PoisonedWeights(AnswerMatrix malicious)
    {
        if (malicious.Workers != Malicious.Length || malicious.Items != Items)
            throw new ArgumentException($"expected {Items}x{Malicious.Length} malicious answers, got {malicious.Items}x{malicious.Workers}", nameof(malicious));
        var weights = (double[,])CleanWeights.Clone();
        foreach (var (i, j, label) in malicious.Triples())
            for (int c = 0; c < Classes; c++) weights[i, c] += Malicious[j][c, label];
        return weights;
    }

    /// <summary>argmax ŵ: the labels the substitute gives with the attack.</summary>
    public int[] PoisonedLabels(AnswerMatrix malicious) => AggregationMath.ArgmaxRows(PoisonedWeights(malicious));
}
