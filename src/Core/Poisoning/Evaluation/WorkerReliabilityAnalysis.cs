using ALfc.Core.Aggregation;
using ALfc.Core.Data;
using ALfc.Core.Data.AnswerSets;

namespace ALfc.Core.Poisoning.Evaluation;

/// <summary>
/// Worker reliability for SubPac's exp 2 (a disguised malicious worker should look as reliable as a normal one).
/// <para>True accuracy: the fraction of a worker's answers on items with known truth that equal it. The authors'
/// <c>plot/exp2.py</c> averages, over draws j = 0..99 (random.seed(j)), the fraction correct among 10 of the worker's
/// answers drawn without replacement (random.sample); every item there has a truth, so the expectation of that
/// average is exactly this fraction, which is computed directly, without the sampling noise.</para>
/// <para>Estimated reliability, from a victim fitted on the poisoned answers: <see cref="AggregationResult.Reliabilities"/>
/// when the victim reports one value per worker (ZenCrowd's q_j; <c>subpac-ds</c> reports Σ_t π_t π^(j)[t, t];
/// CRH's d_j; CATD's normalised weight, which is a weight, not a probability); otherwise, for a victim with confusion
/// matrices (ALfc's <c>ds</c>), the prior-weighted diagonal Σ_t π_t π^(j)[t, t] with π the mean posterior.</para>
/// </summary>
public static class WorkerReliabilityAnalysis
{
    public static IReadOnlyList<WorkerReliability> Compute(AnswerSet poisoned, AggregationResult? fitted = null)
    {
        var answers = poisoned.Answers;
        var correct = new int[answers.Workers];
        var known = new int[answers.Workers];
        foreach (var (i, j, label) in answers.Triples())
        {
            if (poisoned.Truth[i] < 0) continue;
            known[j]++;
            if (label == poisoned.Truth[i]) correct[j]++;
        }
        var estimated = fitted is null ? null : Estimated(fitted, answers.Workers);
        var counts = answers.AnswersPerWorker();
        return Enumerable.Range(0, answers.Workers)
            .Select(j => new WorkerReliability(j, poisoned.WorkerIds[j], j >= poisoned.NormalWorkers, counts[j],
                known[j] == 0 ? double.NaN : (double)correct[j] / known[j], estimated?[j] ?? double.NaN))
            .ToArray();
    }

    /// <summary>Mean true accuracy and mean estimate of the normal and of the malicious workers (NaN-free means; NaN if none).</summary>
    public static (double NormalTrue, double MaliciousTrue, double NormalEstimated, double MaliciousEstimated) Summarise(IReadOnlyList<WorkerReliability> workers)
    {
        static double Mean(IEnumerable<double> values)
        {
            var finite = values.Where(double.IsFinite).ToArray();
            return finite.Length == 0 ? double.NaN : finite.Average();
        }
        return (Mean(workers.Where(w => !w.Malicious).Select(w => w.TrueAccuracy)), Mean(workers.Where(w => w.Malicious).Select(w => w.TrueAccuracy)),
            Mean(workers.Where(w => !w.Malicious).Select(w => w.Estimated)), Mean(workers.Where(w => w.Malicious).Select(w => w.Estimated)));
    }

    private static double[]? Estimated(AggregationResult fitted, int workers)
    {
        if (fitted.Reliabilities is { } reliabilities && reliabilities.Length == workers) return reliabilities;
        if (fitted.Confusions is not { } confusions || confusions.Length != workers) return null;
        int n = fitted.Posteriors.GetLength(0), k = fitted.Posteriors.GetLength(1);
        var prior = new double[k];
        for (int i = 0; i < n; i++)
            for (int t = 0; t < k; t++) prior[t] += fitted.Posteriors[i, t] / n;
        return confusions.Select(pi => Enumerable.Range(0, k).Sum(t => prior[t] * pi[t, t])).ToArray();
    }
}
