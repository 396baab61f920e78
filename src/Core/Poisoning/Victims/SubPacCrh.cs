using ALfc.Core.Aggregation;
using ALfc.Core.Data;

namespace ALfc.Core.Poisoning.Victims;

/// <summary>
/// The weighted-majority-vote victim of the SubPac evaluation: the categorical CRH of
/// <c>attackedMethods/WMV/method.py</c> (after Li et al., SIGMOD 2014, "Resolving conflicts in heterogeneous data
/// by truth discovery and source reliability estimation", doi:10.1145/2588555.2610509), as the authors coded it
/// (subpac-notes §7):
/// <list type="bullet">
/// <item>start: the majority label with a random tie-break;</item>
/// <item>each of 10 rounds: d_j = (number of j's labels equal to the current estimate, 1e-8 if none) / n_j, then
/// estimate_i = the label maximising Σ_{j: y_ij = l} (2 d_j - 1), random tie-break (see <see cref="WeightedVote"/>);</item>
/// <item>output: p_il ∝ Σ_{j: y_ij = l} d_j with the d_j of the last round (d_j, not 2 d_j - 1), labels by
/// <see cref="SubPacDecision"/>; <see cref="AggregationResult.Reliabilities"/> holds d_j.</item>
/// </list>
/// Ties are broken with <see cref="RandomTieBreak"/> seeded by <paramref name="seed"/>, Python's own generator, and
/// every loop follows the answers' file order (<see cref="AnswerOrder"/>), so a seed gives the labels the authors'
/// script gives after <c>random.seed(seed)</c> on the same file.
/// </summary>
public sealed class SubPacCrh(long seed = 0, int iterations = 10) : IAggregator
{
    public string Name => "subpac-wmv";

    public AggregationResult Aggregate(AnswerMatrix answers, int classes)
    {
        var tieBreak = new RandomTieBreak(seed);
        var estimate = WeightedVote.Labels(answers, classes, Enumerable.Repeat(1.0, answers.Workers).ToArray(), tieBreak);
        var counts = answers.AnswersPerWorker();
        var d = new double[answers.Workers];
        for (int round = 0; round < iterations; round++)
        {
            var agree = new double[answers.Workers];
            foreach (var (i, j, label) in answers.Triples())
                if (label == estimate[i]) agree[j] += 1.0;
            // A worker without answers (possible in a hand-built matrix, never in a file) gets weight 0 instead of 0/0.
            for (int j = 0; j < d.Length; j++) d[j] = counts[j] == 0 ? 0 : (agree[j] == 0 ? 1e-8 : agree[j]) / counts[j];
            estimate = WeightedVote.Labels(answers, classes, d.Select(w => 2 * w - 1).ToArray(), tieBreak);
        }
        var posteriors = Posteriors(answers, classes, d);
        return new AggregationResult(SubPacDecision.Labels(posteriors), posteriors, Reliabilities: d, Iterations: iterations);
    }

    /// <summary>
    /// p_il = Σ_{j: y_ij = l} d_j / Σ_j d_j, both sums in the order of the item's answers as the authors' <c>get_e2lpd</c>
    /// adds them (the order sets the last bits, and a binary tie p0 = p1 goes to label 1); uniform for an item without answers.
    /// </summary>
    private static double[,] Posteriors(AnswerMatrix answers, int classes, double[] d)
    {
        var posteriors = new double[answers.Items, classes];
        for (int i = 0; i < answers.Items; i++)
            for (int c = 0; c < classes; c++) posteriors[i, c] = 1.0 / classes;
        var votes = new double[classes];
        foreach (var (i, workers) in answers.ReadingOrder.ByItem())
        {
            Array.Clear(votes);
            double sum = 0;
            foreach (int j in workers)
            {
                votes[answers[i, j]] += d[j];
                sum += d[j];
            }
            for (int c = 0; c < classes; c++) posteriors[i, c] = sum > 0 ? votes[c] / sum : 1.0 / classes;
        }
        return posteriors;
    }
}
