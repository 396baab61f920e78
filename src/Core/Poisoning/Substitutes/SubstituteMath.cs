using ALfc.Core.Data;

namespace ALfc.Core.Poisoning.Substitutes;

/// <summary>The pieces the substitutes share: the soft majority-vote start, the prior, and the authors' clamps.</summary>
internal static class SubstituteMath
{
    /// <summary>What the authors' code puts in place of a probability of exactly 1 (before 1 - p is taken).</summary>
    public const double ClampHigh = 0.999;

    /// <summary>What the authors' code puts in place of a probability (or likelihood product) of 0.</summary>
    public const double ClampLow = 0.001;

    /// <summary>
    /// Soft majority vote, items x K: vote fractions over the answers of <paramref name="answers"/>; an item with no
    /// answers gets the uniform row. For K = 2 this is the authors' start (max/sum on the winner, the rest on the
    /// other class).
    /// </summary>
    public static double[,] VoteFractions(AnswerMatrix answers, int classes) =>
        Aggregation.AggregationMath.NormalizeRows(Aggregation.AggregationMath.Votes(answers, classes));

    /// <summary>Column means of a items x K matrix: π_k = (1/N) Σ_i μ_ik.</summary>
    public static double[] ColumnMeans(double[,] mu)
    {
        int n = mu.GetLength(0), k = mu.GetLength(1);
        var mean = new double[k];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < k; c++) mean[c] += mu[i, c] / n;
        return mean;
    }

    /// <summary>
    /// The clamp the authors apply to a likelihood product before its log: exactly 1 → 0.999, ≤ 0 → 0.001
    /// (DS products are never negative, so for DS this is their "== 0" test; ZenCrowd's can be, see its remarks).
    /// </summary>
    public static double ClampedLog(double product) =>
        Math.Log(product >= 1 && product <= 1 ? ClampHigh : product <= 0 ? ClampLow : product);

    /// <summary>Worker j's answers as (item, label) pairs, per worker, so the M-step walks each worker's answers once.</summary>
    public static (int Item, int Label)[][] ByWorker(AnswerMatrix answers)
    {
        var lists = Enumerable.Range(0, answers.Workers).Select(_ => new List<(int, int)>()).ToArray();
        foreach (var (i, j, label) in answers.Triples()) lists[j].Add((i, label));
        return lists.Select(l => l.ToArray()).ToArray();
    }

    /// <summary>Item i's answers as (worker, label) pairs.</summary>
    public static (int Worker, int Label)[][] ByItem(AnswerMatrix answers)
    {
        var lists = Enumerable.Range(0, answers.Items).Select(_ => new List<(int, int)>()).ToArray();
        foreach (var (i, j, label) in answers.Triples()) lists[i].Add((j, label));
        return lists.Select(l => l.ToArray()).ToArray();
    }
}
