using ALfc.Core.Aggregation;
using ALfc.Core.Data;

namespace ALfc.Core.Poisoning.Attacks;

/// <summary>
/// The Dawid–Skene substitute the DS-gradient attack fits, after the authors' TIA helper (<c>subMethods/tiaEM.py</c>):
/// start from majority-vote fractions over all answers, then alternate the M-step
/// π^(j)[c, h] = (1[h = c] + Σ_{i: y_ij = h} ρ_i(c)) / (1 + Σ_{i answered by j} ρ_i(c)) (one pseudo-count on the
/// diagonal, their α_j = (1 + Σ_{y=1} μ)/(1 + Σ μ) generalised to K classes), π_c = mean ρ_i(c), and the E-step
/// ρ_i ∝ π_c Π_j π^(j)[c, y_ij] in log space, for a fixed number of rounds.
/// </summary>
internal sealed record DsSubstitute(double[,] Posteriors, double[] Prior, double[][,] Confusions)
{
    public static DsSubstitute Fit(AnswerMatrix answers, int classes, int iterations)
    {
        var posteriors = AggregationMath.NormalizeRows(AggregationMath.Votes(answers, classes));
        double[] prior = new double[classes];
        double[][,] confusions = [];
        for (int round = 0; round < iterations; round++)
        {
            (prior, confusions) = MStep(answers, posteriors, classes);
            posteriors = EStep(answers, prior, confusions);
        }
        return new DsSubstitute(posteriors, prior, confusions);
    }

    public static (double[] Prior, double[][,] Confusions) MStep(AnswerMatrix answers, double[,] posteriors, int classes)
    {
        int n = answers.Items;
        var prior = new double[classes];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < classes; c++) prior[c] += posteriors[i, c] / n;
        var counts = Enumerable.Range(0, answers.Workers).Select(_ => new double[classes, classes]).ToArray();
        var mass = new double[answers.Workers, classes];
        foreach (var (i, j, label) in answers.Triples())
            for (int c = 0; c < classes; c++)
            {
                counts[j][c, label] += posteriors[i, c];
                mass[j, c] += posteriors[i, c];
            }
        for (int j = 0; j < counts.Length; j++)
            for (int c = 0; c < classes; c++)
                for (int h = 0; h < classes; h++)
                    counts[j][c, h] = ((c == h ? 1 : 0) + counts[j][c, h]) / (1 + mass[j, c]);
        return (prior, counts);
    }

    public static double[,] EStep(AnswerMatrix answers, double[] prior, double[][,] confusions)
    {
        int classes = prior.Length;
        var scores = new double[answers.Items, classes];
        for (int i = 0; i < answers.Items; i++)
            for (int c = 0; c < classes; c++) scores[i, c] = AggregationMath.SafeLog(prior[c]);
        foreach (var (i, j, label) in answers.Triples())
            for (int c = 0; c < classes; c++) scores[i, c] += AggregationMath.SafeLog(confusions[j][c, label]);
        AggregationMath.SoftmaxRowsInPlace(scores);
        return scores;
    }
}
