using ALfc.Core.Aggregation;
using ALfc.Core.Data;

namespace ALfc.Core.Poisoning.Victims;

/// <summary>
/// Dawid–Skene (Dawid &amp; Skene 1979, Applied Statistics 28(1), doi:10.2307/2346806) exactly as the SubPac
/// evaluation runs it (<c>attackedMethods/c_EM/method.py</c>, subpac-notes §7), which differs from ALfc's <c>ds</c>:
/// <list type="bullet">
/// <item>start: uniform class prior π and confusion matrices with q = 0.7 on the diagonal, (1 - q)/(K - 1) off it;</item>
/// <item>each of the 20 rounds runs the E-step first: ρ_i(t) ∝ π_t Π_j π^(j)[t, y_ij], computed as plain products
/// (as the authors do; an all-zero row becomes uniform), then π_t = (1/N) Σ_i ρ_i(t), then
/// π^(j)[t, l] = Σ_{i: y_ij = l} ρ_i(t) / Σ_{i answered by j} ρ_i(t) with <b>no smoothing</b>; a zero
/// denominator gives row t back its initial value (q on the diagonal);</item>
/// <item>the posteriors returned are those of the last E-step; labels follow <see cref="SubPacDecision"/>.</item>
/// </list>
/// <see cref="AggregationResult.Reliabilities"/> holds Σ_t π_t π^(j)[t, t], each worker's chance of a correct
/// label under the fitted model (used as its estimated reliability in exp 2).
/// Only labels 0..K-1 are modelled; the authors' script models the labels present in its file, the same set
/// whenever every class is answered at least once.
/// </summary>
public sealed class SubPacDawidSkene(int iterations = 20, double initialQuality = 0.7) : IAggregator
{
    public string Name => "subpac-ds";

    public AggregationResult Aggregate(AnswerMatrix answers, int classes)
    {
        int n = answers.Items, m = answers.Workers, k = classes;
        var prior = Enumerable.Repeat(1.0 / k, k).ToArray();
        var confusions = Enumerable.Range(0, m).Select(_ => InitialConfusion(k)).ToArray();
        var posteriors = new double[n, k];
        for (int round = 0; round < iterations; round++)
        {
            EStep(answers, prior, confusions, posteriors);
            // π_t = (Σ_i ρ_i(t)) · (1/N), summed in item order and scaled by the reciprocal as the authors do.
            for (int t = 0; t < k; t++)
            {
                double sum = 0;
                for (int i = 0; i < n; i++) sum += posteriors[i, t];
                prior[t] = sum * (1.0 / n);
            }
            MStep(answers, posteriors, confusions);
        }
        var reliabilities = confusions.Select(pi => Enumerable.Range(0, k).Sum(t => prior[t] * pi[t, t])).ToArray();
        return new AggregationResult(SubPacDecision.Labels(posteriors), posteriors, confusions, reliabilities, iterations);
    }

    private double[,] InitialConfusion(int k)
    {
        var pi = new double[k, k];
        for (int t = 0; t < k; t++) SetInitialRow(pi, t);
        return pi;
    }

    private void SetInitialRow(double[,] pi, int t)
    {
        int k = pi.GetLength(0);
        for (int l = 0; l < k; l++) pi[t, l] = t == l ? initialQuality : (1 - initialQuality) / (k - 1);
    }

    private static void EStep(AnswerMatrix answers, double[] prior, double[][,] confusions, double[,] posteriors)
    {
        int k = prior.Length;
        var weight = new double[k];
        for (int i = 0; i < answers.Items; i++)
        {
            var row = answers.ItemAnswers(i);
            double total = 0;
            for (int t = 0; t < k; t++)
            {
                // Plain products in answer order, like the authors' code, so underflow and ties fall as they did there.
                double w = prior[t];
                for (int j = 0; j < row.Length; j++)
                    if (row[j] != AnswerMatrix.Missing) w *= confusions[j][t, row[j]];
                weight[t] = w;
                total += w;
            }
            for (int t = 0; t < k; t++) posteriors[i, t] = total == 0 ? 1.0 / k : weight[t] / total;
        }
    }

    private void MStep(AnswerMatrix answers, double[,] posteriors, double[][,] confusions)
    {
        int k = posteriors.GetLength(1);
        var mass = new double[answers.Workers, k];
        foreach (var (i, j, _) in answers.Triples())
            for (int t = 0; t < k; t++) mass[j, t] += posteriors[i, t];
        foreach (var pi in confusions) Array.Clear(pi);
        foreach (var (i, j, label) in answers.Triples())
            for (int t = 0; t < k; t++)
                if (mass[j, t] != 0) confusions[j][t, label] += posteriors[i, t] * 1.0 / mass[j, t];
        for (int j = 0; j < answers.Workers; j++)
            for (int t = 0; t < k; t++)
                if (mass[j, t] == 0) SetInitialRow(confusions[j], t);
    }
}
