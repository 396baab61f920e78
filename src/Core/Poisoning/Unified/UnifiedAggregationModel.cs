using ALfc.Core.Aggregation;
using ALfc.Core.Data;

namespace ALfc.Core.Poisoning.Unified;

/// <summary>
/// The unified aggregation model of SubPac (Chen et al., IJCAI 2023, supplement Theorems 1-3, Corollary 1): every
/// aggregator it covers decides item i by linear class weights
/// <para>w̄_i[k] = w*_k + Σ_j W^(j)[k, y_ij],   f(i) = argmax_k w̄_i[k] (ties to the lowest class),</para>
/// where W^(j) is worker j's K x K matrix (row = candidate true class k, column = label h given) and w* a class
/// offset. softmax(w̄_i) plays the part of the posterior. The factories give the forms of ALfc's aggregators:
/// <list type="bullet">
/// <item>majority vote: W^(j) = I, w* = 0;</item>
/// <item>weighted majority vote: W^(j) = d_j I, w* = 0 (d_j the worker weight);</item>
/// <item>Dawid-Skene: W^(j) = ln π^(j) (log confusion), w* = ln p (log class prior);</item>
/// <item>ZenCrowd (K-class one-coin): W^(j)[k, k] = ln r_j, W^(j)[k, h ≠ k] = ln((1 - r_j)/(K - 1)), w* = 0.</item>
/// </list>
/// </summary>
public sealed class UnifiedAggregationModel
{
    public UnifiedAggregationModel(double[][,] workerMatrices, double[] offset)
    {
        int k = offset.Length;
        if (k < 2) throw new ArgumentException($"need at least 2 classes, got {k}", nameof(offset));
        foreach (var w in workerMatrices)
            if (w.GetLength(0) != k || w.GetLength(1) != k)
                throw new ArgumentException($"every worker matrix must be {k}x{k}", nameof(workerMatrices));
        WorkerMatrices = workerMatrices;
        Offset = offset;
    }

    /// <summary>W^(j)[k, h] per worker j: the weight label h adds to candidate class k.</summary>
    public double[][,] WorkerMatrices { get; }

    /// <summary>w*: the per-class offset (log prior for Dawid-Skene, 0 for the voting rules).</summary>
    public double[] Offset { get; }

    public int Classes => Offset.Length;

    public int Workers => WorkerMatrices.Length;

    /// <summary>w̄, items x K, for <paramref name="answers"/> (whose workers must be this model's workers).</summary>
    public double[,] ClassWeights(AnswerMatrix answers)
    {
        if (answers.Workers != Workers) throw new ArgumentException($"model has {Workers} workers, answers have {answers.Workers}", nameof(answers));
        int k = Classes;
        var weights = new double[answers.Items, k];
        for (int i = 0; i < answers.Items; i++)
            for (int c = 0; c < k; c++) weights[i, c] = Offset[c];
        foreach (var (i, j, label) in answers.Triples())
            for (int c = 0; c < k; c++) weights[i, c] += WorkerMatrices[j][c, label];
        return weights;
    }

    /// <summary>f(i) = argmax_k w̄_i[k], ties to the lowest class (the tie rule of ALfc's aggregators).</summary>
    public int[] Labels(AnswerMatrix answers) => AggregationMath.ArgmaxRows(ClassWeights(answers));

    /// <summary>Majority vote (Theorem 2): W^(j) = I, w* = 0, so w̄ are the vote counts.</summary>
    public static UnifiedAggregationModel ForMajorityVote(int workers, int classes) =>
        ForWeightedMajorityVote(Enumerable.Repeat(1.0, workers).ToArray(), classes);

    /// <summary>Weighted majority vote (Theorem 3): W^(j) = d_j I, w* = 0, with d_j = the fitted worker weights.</summary>
    public static UnifiedAggregationModel ForWeightedMajorityVote(IReadOnlyList<double> weights, int classes) =>
        new(weights.Select(d => Diagonal(classes, d, 0)).ToArray(), new double[classes]);

    /// <summary>
    /// Dawid-Skene (Theorem 1): W^(j) = ln π^(j), w* = ln <paramref name="prior"/>. Logs go through
    /// <see cref="AggregationMath.SafeLog"/>, exactly as <see cref="Aggregation.DawidSkene"/>'s E-step takes them.
    /// </summary>
    public static UnifiedAggregationModel ForDawidSkene(IReadOnlyList<double[,]> confusions, IReadOnlyList<double> prior)
    {
        var offset = prior.Select(AggregationMath.SafeLog).ToArray();
        return new(confusions.Select(LogOf).ToArray(), offset);
    }

    /// <summary>
    /// Dawid-Skene from a fitted <see cref="AggregationResult"/>: the result carries no prior, so it uses the one its
    /// next M-step would compute, p_k = (1/N) Σ_i T_ik (the column means of the posteriors). At a converged fit
    /// this is the prior the last E-step used.
    /// </summary>
    public static UnifiedAggregationModel ForDawidSkene(AggregationResult fitted)
    {
        var confusions = fitted.Confusions ?? throw new ArgumentException("the result has no confusion matrices", nameof(fitted));
        int n = fitted.Posteriors.GetLength(0), k = fitted.Posteriors.GetLength(1);
        var prior = new double[k];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < k; c++) prior[c] += fitted.Posteriors[i, c] / n;
        return ForDawidSkene(confusions, prior);
    }

    /// <summary>
    /// ZenCrowd (Corollary 1, K-class one-coin): W^(j)[k, k] = ln r_j, W^(j)[k, h ≠ k] = ln((1 - r_j)/(K - 1)), w* = 0
    /// (ZenCrowd has no class prior).
    /// </summary>
    public static UnifiedAggregationModel ForZenCrowd(IReadOnlyList<double> reliabilities, int classes) =>
        new(reliabilities.Select(r => Diagonal(classes, Math.Log(r), Math.Log((1 - r) / (classes - 1)))).ToArray(), new double[classes]);

    /// <summary>A K x K matrix with <paramref name="diagonal"/> on the diagonal and <paramref name="offDiagonal"/> elsewhere.</summary>
    public static double[,] Diagonal(int classes, double diagonal, double offDiagonal)
    {
        var w = new double[classes, classes];
        for (int k = 0; k < classes; k++)
            for (int h = 0; h < classes; h++) w[k, h] = k == h ? diagonal : offDiagonal;
        return w;
    }

    private static double[,] LogOf(double[,] probabilities)
    {
        int k = probabilities.GetLength(0), l = probabilities.GetLength(1);
        var w = new double[k, l];
        for (int a = 0; a < k; a++)
            for (int b = 0; b < l; b++) w[a, b] = AggregationMath.SafeLog(probabilities[a, b]);
        return w;
    }
}
