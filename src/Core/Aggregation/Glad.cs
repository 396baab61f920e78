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
/// The paper uses conjugate gradient with a line search; per-coordinate scoring is cheaper, and each coordinate's step is
/// halved until its term of Q does not fall (see <see cref="Ascend"/>), so the M-step never lowers Q.
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
            // One pass gives each coordinate's gradient, Fisher information and term of Q (see Ascend).
            var b = beta.Select(Math.Exp).ToArray();
            var gradient = alpha.Select(a => -(a - 1)).ToArray();
            var information = Enumerable.Repeat(1.0, alpha.Length).ToArray();
            var terms = Prior(alpha);
            foreach (var (i, j, label) in triples)
            {
                double z = alpha[j] * b[i], s = Sigmoid(z), q = posteriors[i, label];
                gradient[j] += (q - s) * b[i];
                information[j] += s * (1 - s) * b[i] * b[i];
                terms[j] += Likelihood(q, z);
            }
            Ascend(alpha, gradient, information, terms, a => Terms(triples, posteriors, a, b, a, byWorker: true), double.NegativeInfinity, double.PositiveInfinity);

            gradient = beta.Select(v => -(v - 1)).ToArray();
            information = Enumerable.Repeat(1.0, beta.Length).ToArray();
            terms = Prior(beta);
            foreach (var (i, j, label) in triples)
            {
                double z = alpha[j] * b[i], s = Sigmoid(z), q = posteriors[i, label];
                gradient[i] += (q - s) * alpha[j] * b[i];
                information[i] += s * (1 - s) * alpha[j] * alpha[j] * b[i] * b[i];
                terms[i] += Likelihood(q, z);
            }
            // Capped so one scoring step cannot push exp(β) to overflow on an item every worker agrees on.
            Ascend(beta, gradient, information, terms, v => Terms(triples, posteriors, alpha, v.Select(Math.Exp).ToArray(), v, byWorker: false), -10, 5);
        }
    }

    /// <summary>
    /// One Fisher-scoring step per coordinate, x_c += g_c / I_c, halved (up to 40 times) for each coordinate whose own
    /// term of Q would fall below <paramref name="before"/>, so that Q never decreases, as the paper's conjugate gradient with its line search
    /// guarantees. Q separates by coordinate given the other block (α given β, β given α), hence one term each.
    /// <para>Why: the undamped step overshoots when σ(α b) is nearly saturated. On SubPac's sentiment answers (20
    /// answers per item, about 235 per worker) the first step from α = 1, β = 1 took 84 of 85 abilities negative and
    /// EM settled on the mirror solution (every label swapped, accuracy 0.052 against MV's 0.93).</para>
    /// </summary>
    private static void Ascend(double[] x, double[] gradient, double[] information, double[] before, Func<double[], double[]> terms, double low, double high)
    {
        var step = gradient.Select((g, c) => g / information[c]).ToArray();
        var start = (double[])x.Clone();
        var pending = Enumerable.Range(0, x.Length).ToList();
        for (int halving = 0; halving < 40 && pending.Count > 0; halving++)
        {
            foreach (var c in pending) x[c] = Math.Clamp(start[c] + step[c], low, high);
            var after = terms(x);
            pending = pending.Where(c => after[c] < before[c]).ToList();
            foreach (var c in pending) step[c] /= 2;
        }
        foreach (var c in pending) x[c] = start[c]; // no ascent found: the coordinate stays
    }

    /// <summary>
    /// Q's term of each coordinate x_c (a worker's α_j, or an item's β_i): Σ over its answers of
    /// q_ij ln σ(α_j b_i) + (1 - q_ij) ln(1 - σ(α_j b_i)), plus its prior -(x_c - 1)²/2 (b_i = exp β_i).
    /// </summary>
    private static double[] Terms((int Item, int Worker, int Label)[] triples, double[,] posteriors, double[] alpha, double[] b, double[] coordinates, bool byWorker)
    {
        var q = Prior(coordinates);
        foreach (var (i, j, label) in triples) q[byWorker ? j : i] += Likelihood(posteriors[i, label], alpha[j] * b[i]);
        return q;
    }

    /// <summary>The N(1, 1) prior's log density of each coordinate, up to a constant: -(x - 1)²/2.</summary>
    private static double[] Prior(double[] x) => x.Select(v => -(v - 1) * (v - 1) / 2).ToArray();

    /// <summary>q ln σ(z) + (1 - q) ln(1 - σ(z)), with ln σ(z) = -softplus(-z) and ln(1 - σ(z)) = -softplus(z), stable for any z.</summary>
    private static double Likelihood(double q, double z) => -q * Softplus(-z) - (1 - q) * Softplus(z);

    private static double Softplus(double z) => z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z));

    private static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));
}
