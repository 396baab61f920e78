using ALfc.Core.Data;
using ALfc.Core.Poisoning.Unified;

namespace ALfc.Core.Poisoning.Substitutes;

/// <summary>
/// The weighted-majority-vote substitute (<c>subMethods/WMV.py</c>, the CRH rule; Theorem 3): W^(j) = d_j I, w* = 0,
/// fitted on normal + malicious answers by <see cref="Iterations"/> rounds of
/// <para>d_j = (Σ_{i ∈ j} 1[y_ij = ẑ_i]) / n_j (10⁻⁸/n_j when it agrees nowhere),   ẑ_i = argmax_h Σ_{j: y_ij = h} (2 d_j - 1),</para>
/// starting from majority vote. The authors break ties at random; here the lowest class wins (deterministic), and an
/// item whose labels all have a negative sum keeps the lowest such label. The clean weights are w̄_ik = Σ_{j normal} d_j 1[y_ij = k]
/// (the authors' posterior uses d_j, not 2d_j - 1).
/// </summary>
public sealed class WeightedMajorityVoteSubstitute(int iterations = 10) : ISubstituteAggregator
{
    public int Iterations { get; } = EmStart.Iterations(iterations);

    public string Name => "wmv";

    public SubstituteFit Fit(AnswerMatrix normal, AnswerMatrix malicious, int classes)
    {
        var joint = normal.AppendWorkers(malicious);
        var truth = Aggregation.AggregationMath.ArgmaxRows(Aggregation.AggregationMath.Votes(joint, classes));
        var byWorker = SubstituteMath.ByWorker(joint);
        var d = new double[joint.Workers];
        for (int iteration = 0; iteration < Iterations; iteration++)
        {
            for (int j = 0; j < joint.Workers; j++)
            {
                int agree = byWorker[j].Count(a => a.Label == truth[a.Item]);
                int count = byWorker[j].Length;
                d[j] = count == 0 ? 0 : (agree == 0 ? 1e-8 : agree) / (double)count;
            }
            truth = Truth(joint, d, classes);
        }
        var normalWeights = d.Take(normal.Workers).ToArray();
        var model = UnifiedAggregationModel.ForWeightedMajorityVote(normalWeights, classes);
        var maliciousMatrices = d.Skip(normal.Workers).Select(w => UnifiedAggregationModel.Diagonal(classes, w, 0)).ToArray();
        return new SubstituteFit(model, maliciousMatrices, model.ClassWeights(normal));
    }

    /// <summary>ẑ_i = argmax over the labels item i received of Σ (2 d_j - 1); ties to the lowest label.</summary>
    private static int[] Truth(AnswerMatrix answers, double[] d, int classes)
    {
        var truth = new int[answers.Items];
        var sums = new double[classes];
        var seen = new bool[classes];
        for (int i = 0; i < answers.Items; i++)
        {
            Array.Clear(sums);
            Array.Clear(seen);
            var row = answers.ItemAnswers(i);
            for (int j = 0; j < row.Length; j++)
                if (row[j] != AnswerMatrix.Missing) { sums[row[j]] += 2 * d[j] - 1; seen[row[j]] = true; }
            int best = -1;
            for (int c = 0; c < classes; c++)
                if (seen[c] && (best < 0 || sums[c] > sums[best])) best = c;
            truth[i] = Math.Max(best, 0);
        }
        return truth;
    }
}
