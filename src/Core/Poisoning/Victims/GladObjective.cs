using ALfc.Core.Data;

namespace ALfc.Core.Poisoning.Victims;

/// <summary>
/// The pieces of <see cref="SubPacGlad"/>'s EM over the parameter vector x = (α_0..α_{M-1}, β_0..β_{N-1}): the
/// E-step, the expected complete log-likelihood Q and its gradient, with the authors' guards (σ and ln σ saturate
/// instead of overflowing, e^β is capped at double.MaxValue, log-weights below ln(double.MinValue) become 0).
/// </summary>
internal sealed class GladObjective((int Item, int Worker, int Label)[] triples, int items, int workers, int classes)
{
    private static readonly double LogMax = Math.Log(double.MaxValue);
    /// <summary>ln of the smallest normal double (Python's sys.float_info.min), the authors' underflow guard.</summary>
    private static readonly double LogMin = Math.Log(2.2250738585072014e-308);
    private readonly double _logWrong = Math.Log(classes - 1);
    private readonly double _logPrior = Math.Log(1.0 / classes);

    public double[,] EStep(double[] x)
    {
        var logWeights = new double[items, classes];
        for (int i = 0; i < items; i++)
            for (int t = 0; t < classes; t++) logWeights[i, t] = _logPrior;
        foreach (var (i, j, label) in triples)
        {
            double z = x[j] * ExpBeta(x[workers + i]);
            double right = LogSigmoid(z), wrong = LogOneMinusSigmoid(z) - _logWrong;
            for (int t = 0; t < classes; t++) logWeights[i, t] += t == label ? right : wrong;
        }
        var posteriors = new double[items, classes];
        for (int i = 0; i < items; i++)
        {
            double total = 0;
            for (int t = 0; t < classes; t++) total += posteriors[i, t] = logWeights[i, t] < LogMin ? 0 : Math.Exp(logWeights[i, t]);
            for (int t = 0; t < classes; t++) posteriors[i, t] = total == 0 ? 1.0 / classes : posteriors[i, t] / total;
        }
        return posteriors;
    }

    /// <summary>Q without the (constant, see <see cref="SubPacGlad"/>) prior terms.</summary>
    public double Q(double[] x, double[,] posteriors)
    {
        double q = 0;
        foreach (var (i, j, label) in triples)
        {
            double z = x[j] * ExpBeta(x[workers + i]);
            double right = LogSigmoid(z), wrong = LogOneMinusSigmoid(z) - _logWrong;
            q += posteriors[i, label] * right + (1 - posteriors[i, label]) * wrong;
        }
        for (int i = 0; i < items; i++)
            for (int t = 0; t < classes; t++) q += posteriors[i, t] * _logPrior;
        return q;
    }

    /// <summary>-Q and its gradient: ∂Q/∂α_j = Σ_i (ρ_i(y_ij) - σ) e^{β_i}, ∂Q/∂β_i = Σ_j (ρ_i(y_ij) - σ) α_j e^{β_i}.</summary>
    public (double Value, double[] Gradient) NegativeQ(double[] x, double[,] posteriors)
    {
        var gradient = new double[x.Length];
        foreach (var (i, j, label) in triples)
        {
            double e = ExpBeta(x[workers + i]);
            double residual = posteriors[i, label] - Sigmoid(x[j] * e);
            gradient[j] -= residual * e;
            gradient[workers + i] -= residual * x[j] * e;
        }
        return (-Q(x, posteriors), gradient);
    }

    private static double ExpBeta(double beta) => beta >= LogMax ? double.MaxValue : Math.Exp(beta);

    private static double Sigmoid(double z) => -z > LogMax ? 0 : -z < LogMin ? 1 : 1 / (1 + Math.Exp(-z));

    private static double LogSigmoid(double z) => -z > LogMax ? z : -z < LogMin ? 0 : -Math.Log(1 + Math.Exp(-z));

    private static double LogOneMinusSigmoid(double z) => z > LogMax ? -z : z < LogMin ? 0 : -Math.Log(1 + Math.Exp(z));
}
