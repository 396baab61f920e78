using ALfc.Core.Data;
using ALfc.Core.Data.Loaders;

namespace ALfc.Tests.Training;

internal static class TrainingTestData
{
    /// <summary>The synthetic default crowd, min-max scaled, as `alfc train` sees it.</summary>
    public static CrowdDataset Default() => SyntheticCrowdGenerator.Generate(new SyntheticCrowdSpec()).WithScaling(FeatureScaling.MinMax);

    /// <summary>A small crowd of <paramref name="classes"/> classes (3 by default; 10, as music, reaches the E-step's vector paths).</summary>
    public static CrowdDataset Small(int classes = 3) => SyntheticCrowdGenerator.Generate(new SyntheticCrowdSpec
    {
        TrainItems = 200, TestItems = 100, Features = 8, Classes = classes, Workers = 10, MaxAnswersPerItem = 4,
    }).WithScaling(FeatureScaling.MinMax);
}
