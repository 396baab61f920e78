using ALfc.Core.Aggregation;
using ALfc.Core.Data;

namespace ALfc.Core.Poisoning.Victims;

/// <summary>
/// CATD, confidence-aware truth discovery (Li et al., PVLDB 8(4), 2014, "A confidence-aware approach for truth
/// discovery on long-tail data", doi:10.14778/2735496.2735505), for categorical answers as the SubPac evaluation
/// runs it (<c>attackedMethods/CATD/method.py</c>, subpac-notes §7):
/// <list type="bullet">
/// <item>start: the majority label with a random tie-break;</item>
/// <item>each of 100 rounds: w_j = χ²_{α/2}(n_j) / (mistakes_j + 1e-9), normalised to sum 1, where n_j is the
/// number of j's answers, mistakes_j how many differ from the current estimate and χ²_{α/2}(n) the lower α/2
/// quantile (the upper end of the confidence interval of the worker's error variance); then the estimate is
/// the weighted vote with a random tie-break (<see cref="WeightedVote"/>);</item>
/// <item>output: the last estimate as a hard label (the evaluation uses it as is, not <see cref="SubPacDecision"/>);
/// the posterior reported is the normalised weighted vote, <see cref="AggregationResult.Reliabilities"/> w_j.</item>
/// </list>
/// α = 0.05. The quantile source is <see cref="CatdQuantiles.AuthorsTable"/> by default (what the evaluation used);
/// <see cref="CatdQuantiles.Exact"/> computes it. Ties use <see cref="RandomTieBreak"/> seeded by <paramref name="seed"/>.
/// </summary>
public sealed class Catd(long seed = 0, int iterations = 100, double alpha = 0.05, CatdQuantiles quantiles = CatdQuantiles.AuthorsTable) : IAggregator
{
    /// <summary>
    /// The α/2 = 0.025 column (headed "0.975", an upper-tail probability) of the authors' printed chi-square table
    /// for ν = 1..30, as printed: 2 decimals (3 for ν = 1), with ν = 2 holding the 1 % quantile and ν = 15 rounded
    /// up (6.27 for 6.262), both kept because the evaluation used them.
    /// </summary>
    private static readonly double[] AuthorsTable =
    [
        0.001, 0.02, 0.22, 0.48, 0.83, 1.24, 1.69, 2.18, 2.7, 3.25, 3.82, 4.4, 5.01, 5.63, 6.27,
        6.91, 7.56, 8.23, 8.91, 9.59, 10.28, 10.98, 11.69, 12.4, 13.12, 13.84, 14.57, 15.31, 16.05, 16.79,
    ];

    /// <summary>z_{0.025} as printed in the authors' normal table.</summary>
    private const double AuthorsZ = -1.95996;

    public string Name => "catd";

    public AggregationResult Aggregate(AnswerMatrix answers, int classes)
    {
        if (quantiles == CatdQuantiles.AuthorsTable && Math.Abs(alpha - 0.05) > 1e-12)
            throw new AlfcInputException($"catd: the authors' table holds only α = 0.05, got {alpha}; use exact quantiles");
        var tieBreak = new RandomTieBreak(seed);
        var counts = answers.AnswersPerWorker();
        var workerOrder = answers.ReadingOrder.WorkersByFirstAppearance();
        var chi = counts.Select(n => n == 0 ? 0 : Quantile(n)).ToArray();
        var estimate = WeightedVote.Labels(answers, classes, Enumerable.Repeat(1.0, answers.Workers).ToArray(), tieBreak);
        var weights = new double[answers.Workers];
        for (int round = 0; round < iterations; round++)
        {
            var mistakes = new double[answers.Workers];
            foreach (var (i, j, label) in answers.Triples())
                if (label != estimate[i]) mistakes[j] += 1;
            // Summed over the workers in order of first appearance, as the authors' dict of workers is: the sum's
            // rounding sets every weight's last bits, and with them which votes tie exactly.
            double sum = 0;
            for (int j = 0; j < weights.Length; j++) weights[j] = chi[j] / (mistakes[j] + 1e-9);
            foreach (int j in workerOrder) sum += weights[j];
            for (int j = 0; j < weights.Length; j++) weights[j] /= sum;
            estimate = WeightedVote.Labels(answers, classes, weights, tieBreak);
        }
        var posteriors = AggregationMath.NormalizeRows(AggregationMath.Votes(answers, classes, weights));
        return new AggregationResult(estimate, posteriors, Reliabilities: weights, Iterations: iterations);
    }

    private double Quantile(int n) => quantiles switch
    {
        CatdQuantiles.Exact => ChiSquare.Quantile(alpha / 2, n),
        _ when n <= AuthorsTable.Length => AuthorsTable[n - 1],
        _ => 0.5 * Math.Pow(AuthorsZ + Math.Sqrt(2.0 * n - 1), 2),
    };
}
