using ALfc.Core.Data;

namespace ALfc.Core.Aggregation;

/// <summary>
/// The numbers behind `alfc data` and the paper's Fig. 2: sizes, answers per item, majority-vote
/// accuracy, and the spread of labels per worker and of worker accuracy against gold. It lives with the
/// aggregators, not with the data, because it runs one (majority vote) and the data layer must not depend on them.
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
    public static double[] WorkerAccuracies(CrowdDataset data) =>
        AggregationMath.WorkerAgreement(data.Answers, (i, label) => label == data.TrainGold[i] ? 1 : 0, double.NaN);
}
