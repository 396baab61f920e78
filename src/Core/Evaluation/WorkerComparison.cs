using ALfc.Core.Data;

namespace ALfc.Core.Evaluation;

/// <summary>
/// Exp 4 for one worker: the true confusion matrix (from gold: row k = the worker's answers on items
/// whose true class is k, normalised; a class the worker never saw is a uniform row) beside the learned
/// one, and their mean absolute error over all K x K entries.
/// </summary>
public sealed record WorkerComparison(string Worker, int Labels, double[][] True, double[][] Learned, double MeanAbsoluteError)
{
    /// <summary>The comparison for the <paramref name="count"/> workers with most labels (ties to the lower index).</summary>
    public static IReadOnlyList<WorkerComparison> ForBusiestWorkers(CrowdDataset data, double[][,] learned, int count)
    {
        var perWorker = data.Answers.AnswersPerWorker();
        var busiest = Enumerable.Range(0, data.Workers).OrderByDescending(j => perWorker[j]).ThenBy(j => j).Take(count);
        var truth = TrueConfusions(data);
        return busiest.Select(j =>
        {
            var t = Jagged(truth[j]);
            var l = Jagged(learned[j]);
            double mae = t.SelectMany((row, k) => row.Select((v, a) => Math.Abs(v - l[k][a]))).Average();
            return new WorkerComparison(data.WorkerIds[j], perWorker[j], t, l, mae);
        }).ToList();
    }

    public static double[][,] TrueConfusions(CrowdDataset data)
    {
        int k = data.Classes;
        var counts = Enumerable.Range(0, data.Workers).Select(_ => new double[k, k]).ToArray();
        foreach (var (i, j, label) in data.Answers.Triples()) counts[j][data.TrainGold[i], label]++;
        foreach (var c in counts)
            for (int t = 0; t < k; t++)
            {
                double row = 0;
                for (int a = 0; a < k; a++) row += c[t, a];
                for (int a = 0; a < k; a++) c[t, a] = row > 0 ? c[t, a] / row : 1.0 / k;
            }
        return counts;
    }

    private static double[][] Jagged(double[,] m) =>
        Enumerable.Range(0, m.GetLength(0)).Select(r => Enumerable.Range(0, m.GetLength(1)).Select(c => m[r, c]).ToArray()).ToArray();
}
