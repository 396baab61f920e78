using ALfc.Core.Data;

namespace ALfc.Core.Aggregation;

/// <summary>
/// One-coin model as in ZenCrowd (Demartini, Difallah &amp; Cudré-Mauroux 2012, WWW,
/// doi:10.1145/2187836.2187900): worker j answers correctly with probability r_j and otherwise picks
/// a wrong class uniformly: p(y_ij = l | t_i = k) = r_j if l = k, else (1 - r_j)/(K - 1). No class prior.
/// <para>Start: T = majority-vote fractions. M-step: r_j = Σ_i T_{i, y_ij} / n_j (kept inside (0, 1)).</para>
/// <para>E-step: log T_ik = Σ_j [1[y_ij = k] log r_j + 1[y_ij ≠ k] log((1 - r_j)/(K - 1))] - log Z_i.</para>
/// Stops on a relative log-likelihood change below <paramref name="tolerance"/> or after <paramref name="maxIterations"/>.
/// </summary>
public sealed class ZenCrowd(int maxIterations = 100, double tolerance = 1e-7) : IAggregator
{
    private const double Bound = 1e-6;

    public string Name => "zencrowd";

    public AggregationResult Aggregate(AnswerMatrix answers, int classes)
    {
        var posteriors = AggregationMath.NormalizeRows(AggregationMath.Votes(answers, classes));
        var reliability = new double[answers.Workers];
        var em = new EmConvergence(tolerance);
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            reliability = AggregationMath.WorkerAgreement(answers, (i, label) => posteriors[i, label], 0.5)
                .Select(r => Math.Clamp(r, Bound, 1 - Bound)).ToArray();
            // Within [Bound, 1 - Bound] no probability reaches the log floor, so these are the plain logs.
            var scores = AggregationMath.OneCoinLogScores(answers, classes, (_, j) => reliability[j]);
            double logLikelihood = AggregationMath.SoftmaxRowsInPlace(scores);
            posteriors = scores;
            if (em.Record(logLikelihood)) break;
        }
        return new AggregationResult(AggregationMath.ArgmaxRows(posteriors), posteriors, Reliabilities: reliability,
            Iterations: em.Iterations, LogLikelihoods: em.History);
    }
}
