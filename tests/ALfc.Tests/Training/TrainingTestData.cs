using ALfc.Core.Data;
using ALfc.Core.Data.Loaders;

namespace ALfc.Tests.Training;

internal static class TrainingTestData
{
    /// <summary>The synthetic default crowd, min-max scaled, as `alfc train` sees it.</summary>
    public static CrowdDataset Default() => SyntheticCrowdGenerator.Generate(new SyntheticCrowdSpec()).WithScaling(FeatureScaling.MinMax);

    public static CrowdDataset Small() => SyntheticCrowdGenerator.Generate(new SyntheticCrowdSpec
    {
        TrainItems = 200, TestItems = 100, Features = 8, Classes = 3, Workers = 10, MaxAnswersPerItem = 4,
    }).WithScaling(FeatureScaling.MinMax);
}
