using ALfc.Core.Data;

namespace ALfc.Core.Aggregation;

/// <summary>
/// GLAD (Whitehill, Ruvolo, Wu, Bergsma &amp; Movellan 2009, "Whose vote should count more", NIPS 22):
/// worker ability α_j ∈ ℝ and item inverse difficulty b_i = exp(β_i) &gt; 0, with
/// p(y_ij = t_i) = σ(α_j b_i) and, in the paper's multi-class form, each wrong class equally likely:
/// p(y_ij = l ≠ t_i) = (1 - σ(α_j b_i)) / (K - 1). Priors α_j ~ N(1, 1), β_i ~ N(1, 1); uniform class prior.
/// <para>E-step: log T_ik = Σ_j [1[y_ij = k] log σ(α_j b_i) + 1[y_ij ≠ k] log((1 - σ(α_j b_i))/(K - 1))] - log Z_i.</para>
/// <para>M-step: maximise Q = Σ_ij [q_ij log σ(α_j b_i) + (1 - q_ij) log(1 - σ(α_j b_i))] - Σ_j (α_j - 1)²/2 - Σ_i (β_i - 1)²/2,
/// with q_ij = T_{i, y_ij}, by Fisher-scoring steps on α then β:
/// ∂Q/∂α_j = Σ_i (q_ij - σ_ij) b_i - (α_j - 1), ∂Q/∂β_i = Σ_j (q_ij - σ_ij) α_j b_i - (β_i - 1).</para>
/// The paper uses conjugate gradient; per-coordinate scoring is cheaper and monotone enough at these sizes.
/// Reliabilities are the α_j.
/// </summary>
public sealed class Glad(int maxIterations = 100, double tolerance = 1e-7, int scoringSteps = 5) : IAggregator
{
    public string Name => "glad";

    public AggregationResult Aggregate(AnswerMatrix answers, int classes)
    {
        var triples = answers.Triples().ToArray();
        var alpha = Enumerable.Repeat(1.0, answers.Workers).ToArray();
        var beta = Enumerable.Repeat(1.0, answers.Items).ToArray();
        var posteriors = AggregationMath.NormalizeRows(AggregationMath.Votes(answers, classes));
        var em = new EmConvergence(tolerance);
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            MStep(triples, posteriors, alpha, beta);
            var scores = AggregationMath.OneCoinLogScores(answers, classes, (i, j) => Sigmoid(alpha[j] * Math.Exp(beta[i])));
            double logPrior = -alpha.Sum(a => (a - 1) * (a - 1)) / 2 - beta.Sum(b => (b - 1) * (b - 1)) / 2;
            double objective = AggregationMath.SoftmaxRowsInPlace(scores) + logPrior;
            posteriors = scores;
            if (em.Record(objective)) break;
        }
        return new AggregationResult(AggregationMath.ArgmaxRows(posteriors), posteriors, Reliabilities: alpha,
            Iterations: em.Iterations, LogLikelihoods: em.History);
    }

    private void MStep((int Item, int Worker, int Label)[] triples, double[,] posteriors, double[] alpha, double[] beta)
    {
        for (int step = 0; step < scoringSteps; step++)
        {
            var gradient = alpha.Select(a => -(a - 1)).ToArray();
            var information = Enumerable.Repeat(1.0, alpha.Length).ToArray();
            foreach (var (i, j, label) in triples)
            {
                double b = Math.Exp(beta[i]), s = Sigmoid(alpha[j] * b);
                gradient[j] += (posteriors[i, label] - s) * b;
                information[j] += s * (1 - s) * b * b;
            }
            for (int j = 0; j < alpha.Length; j++) alpha[j] += gradient[j] / information[j];

            gradient = beta.Select(v => -(v - 1)).ToArray();
            information = Enumerable.Repeat(1.0, beta.Length).ToArray();
            foreach (var (i, j, label) in triples)
            {
                double b = Math.Exp(beta[i]), s = Sigmoid(alpha[j] * b);
                gradient[i] += (posteriors[i, label] - s) * alpha[j] * b;
                information[i] += s * (1 - s) * alpha[j] * alpha[j] * b * b;
            }
            // Capped so one scoring step cannot push exp(β) to overflow on an item every worker agrees on.
            for (int i = 0; i < beta.Length; i++) beta[i] = Math.Clamp(beta[i] + gradient[i] / information[i], -10, 5);
        }
    }

    private static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));
}
