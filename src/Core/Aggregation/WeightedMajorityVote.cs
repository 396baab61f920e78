using ALfc.Core.Data;

namespace ALfc.Core.Aggregation;

/// <summary>
/// Iterated weighted majority vote. Starting from w_j = 1, alternate
/// ŷ_i = argmax_k Σ_j w_j 1[y_ij = k] (ties to the lowest class) and
/// w_j = (1/n_j) Σ_i 1[y_ij = ŷ_i] (worker j's agreement with the current estimate),
/// until the labels stop changing or <paramref name="maxIterations"/> is reached.
/// Posteriors are the normalised weighted votes; reliabilities are the final weights.
/// </summary>
public sealed class WeightedMajorityVote(int maxIterations = 50) : IAggregator
{
    public string Name => "wmv";

    public AggregationResult Aggregate(AnswerMatrix answers, int classes)
    {
        var weights = Enumerable.Repeat(1.0, answers.Workers).ToArray();
        var votes = AggregationMath.Votes(answers, classes, weights);
        var labels = AggregationMath.ArgmaxRows(votes);
        int iteration = 0;
        while (iteration < maxIterations)
        {
            iteration++;
            weights = AggregationMath.WorkerAgreement(answers, (i, label) => label == labels[i] ? 1 : 0, 0);
            votes = AggregationMath.Votes(answers, classes, weights);
            var next = AggregationMath.ArgmaxRows(votes);
            bool stable = next.SequenceEqual(labels);
            labels = next;
            if (stable) break;
        }
        return new AggregationResult(labels, AggregationMath.NormalizeRows(votes), Reliabilities: weights, Iterations: iteration);
    }
}
