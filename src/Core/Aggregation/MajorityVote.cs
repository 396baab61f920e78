using ALfc.Core.Data;

namespace ALfc.Core.Aggregation;

/// <summary>How majority vote breaks a tie between classes with equally many votes.</summary>
public enum TieBreak
{
    /// <summary>The lowest class index wins: deterministic, the documented default.</summary>
    LowestClass,

    /// <summary>A uniformly random tied class, from a seeded generator.</summary>
    SeededRandom,
}

/// <summary>
/// Majority vote: ŷ_i = argmax_k Σ_j 1[y_ij = k]. Ties go to the lowest class index unless
/// <see cref="TieBreak.SeededRandom"/> is chosen. Posteriors are the one-hot decisions, so a model
/// trained on them sees the hard MV labels, as in the A-LFC paper's MV baseline.
/// </summary>
public sealed class MajorityVote(TieBreak tieBreak = TieBreak.LowestClass, int seed = 0) : IAggregator
{
    public string Name => "mv";

    public AggregationResult Aggregate(AnswerMatrix answers, int classes)
    {
        var votes = AggregationMath.Votes(answers, classes);
        var labels = tieBreak == TieBreak.LowestClass ? AggregationMath.ArgmaxRows(votes) : RandomTies(votes);
        return new AggregationResult(labels, AggregationMath.OneHot(labels, classes));
    }

    private int[] RandomTies(double[,] votes)
    {
        var random = new Random(seed);
        int n = votes.GetLength(0), k = votes.GetLength(1);
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            double best = Enumerable.Range(0, k).Max(c => votes[i, c]);
            var tied = Enumerable.Range(0, k).Where(c => votes[i, c] == best).ToArray();
            labels[i] = tied[random.Next(tied.Length)];
        }
        return labels;
    }
}
