using ALfc.Core.Data;

namespace ALfc.Core.Aggregation;

/// <summary>
/// Dawid &amp; Skene (1979), "Maximum likelihood estimation of observer error-rates using the EM
/// algorithm", Applied Statistics 28(1):20-28, doi:10.2307/2346806. Full K x K confusion matrix per
/// worker and a class prior, fitted by EM in log space.
/// <para>Start: T = majority-vote fractions (votes_ik / Σ_k votes_ik).</para>
/// <para>M-step: p_k = (1/N) Σ_i T_ik;
/// π^(j)[k, l] = (s + Σ_i T_ik 1[y_ij = l]) / (K s + Σ_i T_ik 1[y_ij answered]).</para>
/// <para>E-step: log T_ik = log p_k + Σ_j Σ_l 1[y_ij = l] log π^(j)[k, l] - log Z_i.</para>
/// Stops when the marginal log-likelihood Σ_i log Z_i changes by less than
/// <paramref name="tolerance"/> relative to its size, or after <paramref name="maxIterations"/>.
/// <paramref name="smoothing"/> s &gt; 0 is Laplace smoothing, which keeps a count of zero from
/// ruling a class out for good.
/// </summary>
public sealed class DawidSkene(int maxIterations = 100, double tolerance = 1e-7, double smoothing = 0.01) : IAggregator
{
    public string Name => "ds";

    public AggregationResult Aggregate(AnswerMatrix answers, int classes)
    {
        var posteriors = AggregationMath.NormalizeRows(AggregationMath.Votes(answers, classes));
        var em = new EmConvergence(tolerance);
        double[][,] confusions = [];
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            var prior = Prior(posteriors);
            confusions = AggregationMath.ConfusionsFrom(answers, posteriors, smoothing);
            posteriors = EStep(answers, prior, confusions, out var logLikelihood);
            if (em.Record(logLikelihood)) break;
        }
        return new AggregationResult(AggregationMath.ArgmaxRows(posteriors), posteriors, confusions, Iterations: em.Iterations, LogLikelihoods: em.History);
    }

    private static double[] Prior(double[,] posteriors)
    {
        int n = posteriors.GetLength(0), k = posteriors.GetLength(1);
        var prior = new double[k];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < k; c++) prior[c] += posteriors[i, c] / n;
        return prior;
    }

    private static double[,] EStep(AnswerMatrix answers, double[] prior, double[][,] confusions, out double logLikelihood)
    {
        int k = prior.Length;
        var scores = new double[answers.Items, k];
        for (int i = 0; i < answers.Items; i++)
            for (int c = 0; c < k; c++) scores[i, c] = AggregationMath.SafeLog(prior[c]);
        foreach (var (i, j, label) in answers.Triples())
            for (int c = 0; c < k; c++) scores[i, c] += AggregationMath.SafeLog(confusions[j][c, label]);
        logLikelihood = AggregationMath.SoftmaxRowsInPlace(scores);
        return scores;
    }
}
