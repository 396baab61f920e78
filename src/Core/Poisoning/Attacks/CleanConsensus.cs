using ALfc.Core.Data;
using ALfc.Core.Poisoning.Victims;

namespace ALfc.Core.Poisoning.Attacks;

/// <summary>
/// What the baselines read from the normal answers alone (never the truth): per item the majority-vote label (ties
/// to the highest class, <see cref="SubPacDecision"/>), the runner-up class (the most-voted other class, ties to the
/// highest index; for two classes simply the other label) and the margin (top votes - runner-up votes) / n_i, 0 for
/// an item without answers.
/// </summary>
public sealed class CleanConsensus
{
    private CleanConsensus(int[] majority, int[] runnerUp, double[] margin)
    {
        Majority = majority;
        RunnerUp = runnerUp;
        Margin = margin;
    }

    public int[] Majority { get; }
    public int[] RunnerUp { get; }
    public double[] Margin { get; }

    public static CleanConsensus Of(AnswerMatrix normal, int classes)
    {
        int n = normal.Items;
        var votes = Aggregation.AggregationMath.Votes(normal, classes);
        var majority = SubPacDecision.Labels(votes);
        var runnerUp = new int[n];
        var margin = new double[n];
        for (int i = 0; i < n; i++)
        {
            int second = -1;
            double total = 0;
            for (int k = 0; k < classes; k++)
            {
                total += votes[i, k];
                if (k != majority[i] && (second < 0 || votes[i, k] >= votes[i, second])) second = k;
            }
            runnerUp[i] = second;
            margin[i] = total > 0 ? (votes[i, majority[i]] - votes[i, second]) / total : 0;
        }
        return new CleanConsensus(majority, runnerUp, margin);
    }
}
