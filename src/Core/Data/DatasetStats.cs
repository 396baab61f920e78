using ALfc.Core.Aggregation;

namespace ALfc.Core.Data;

/// <summary>Five-number summary (min, quartiles, max), quantiles by linear interpolation as NumPy's default.</summary>
public sealed record Quantiles(double Min, double Q25, double Median, double Q75, double Max)
{
    public static Quantiles Of(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0) return new Quantiles(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        double At(double q)
        {
            double position = q * (sorted.Length - 1);
            int lo = (int)Math.Floor(position), hi = Math.Min(lo + 1, sorted.Length - 1);
            return sorted[lo] + (position - lo) * (sorted[hi] - sorted[lo]);
        }
        return new Quantiles(sorted[0], At(0.25), At(0.5), At(0.75), sorted[^1]);
    }
}

/// <summary>
/// The numbers behind `alfc data` and the paper's Fig. 2: sizes, answers per item, majority-vote
/// accuracy, and the spread of labels per worker and of worker accuracy against gold.
/// </summary>
public sealed record DatasetStats(
    string Dataset,
    int TrainItems,
    int TestItems,
    int Features,
    int Classes,
    int Workers,
    int Answers,
    double AnswersPerItem,
    int MinAnswersPerItem,
    int MaxAnswersPerItem,
    double MajorityVoteAccuracy,
    Quantiles LabelsPerWorker,
    Quantiles WorkerAccuracy,
    string Scaling)
{
    public static DatasetStats Of(CrowdDataset data)
    {
        var perItem = data.Answers.AnswersPerItem();
        return new DatasetStats(
            data.Name, data.TrainFeatures.Rows, data.TestFeatures.Rows, data.Features, data.Classes, data.Workers,
            data.Answers.AnswerCount, perItem.Average(), perItem.Min(), perItem.Max(),
            new MajorityVote().Aggregate(data.Answers, data.Classes).Accuracy(data.TrainGold),
            Quantiles.Of(data.Answers.AnswersPerWorker().Select(c => (double)c)),
            Quantiles.Of(WorkerAccuracies(data).Where(a => !double.IsNaN(a))),
            FeatureScaler.Name(data.Scaling));
    }

    /// <summary>Each worker's fraction of answers that match gold (NaN for a worker with no answers).</summary>
    public static double[] WorkerAccuracies(CrowdDataset data)
    {
        var correct = new double[data.Workers];
        var total = new double[data.Workers];
        foreach (var (i, j, label) in data.Answers.Triples())
        {
            total[j]++;
            if (label == data.TrainGold[i]) correct[j]++;
        }
        return correct.Select((c, j) => total[j] > 0 ? c / total[j] : double.NaN).ToArray();
    }
}
