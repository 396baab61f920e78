using ALfc.Core;
using ALfc.Core.Data;

namespace ALfc.Tests.Data;

public class CrowdDatasetTests
{
    private static FeatureMatrix Features(int rows) => new(rows, 2, new float[rows * 2]);

    [Fact]
    public void Answers_whose_items_do_not_match_the_features_are_refused()
    {
        var e = Assert.Throws<AlfcInputException>(() => new CrowdDataset("toy", Features(3), [0, 1, 0], Features(1), [1],
            new AnswerMatrix(2, 1, [0, 1]), ["a", "b"], ["w0"], FeatureScaling.None));
        Assert.Equal("dataset 'toy': answers: 2 answer rows for 3 training items", e.Message);
    }

    [Fact]
    public void A_single_class_dataset_is_refused()
    {
        var e = Assert.Throws<AlfcInputException>(() => new CrowdDataset("toy", Features(1), [0], Features(1), [0],
            new AnswerMatrix(1, 1, [0]), ["only"], ["w0"], FeatureScaling.None));
        Assert.Equal("dataset 'toy': classes: needs at least 2 classes, found 1", e.Message);
    }

    [Fact]
    public void Min_max_and_z_score_use_training_statistics_only()
    {
        var train = new FeatureMatrix(3, 2, [0, 5, 5, 5, 10, 5]);
        var test = new FeatureMatrix(1, 2, [20, 7]);
        var (mmTrain, mmTest) = FeatureScaler.Apply(FeatureScaling.MinMax, train, test);
        Assert.Equal(new float[] { 0, 0, 0.5f, 0, 1, 0 }, mmTrain.Values);
        Assert.Equal(new float[] { 2, 0 }, mmTest.Values); // not clipped to [0, 1]; a constant feature maps to 0
        var (zTrain, _) = FeatureScaler.Apply(FeatureScaling.ZScore, train, test);
        // mean 5, population std sqrt(50/3).
        Assert.Equal(-5 / Math.Sqrt(50.0 / 3), zTrain[0, 0], 5);
        Assert.Equal(0f, zTrain[1, 0]);
        // Centred: the same unit range shifted by 1/2, so the same distances (and eps-balls) as min-max.
        var (cTrain, cTest) = FeatureScaler.Apply(FeatureScaling.MinMaxCentred, train, test);
        Assert.Equal(new float[] { -0.5f, 0, 0, 0, 0.5f, 0 }, cTrain.Values);
        Assert.Equal(new float[] { 1.5f, 0 }, cTest.Values);
        Assert.Equal(FeatureScaling.MinMaxCentred, FeatureScaler.Parse(FeatureScaler.Name(FeatureScaling.MinMaxCentred)));
    }

    [Theory]
    [InlineData("synthetic", FeatureScaling.MinMax)]
    [InlineData("music", FeatureScaling.MinMax)]
    [InlineData("labelme", FeatureScaling.MinMax)]
    [InlineData("sentiment", FeatureScaling.MinMaxCentred)]
    public void Each_dataset_has_its_own_default_scaling_and_an_explicit_one_wins(string dataset, FeatureScaling expected)
    {
        Assert.Equal(expected, DatasetCatalog.ResolveScaling(dataset, null));
        Assert.Equal(FeatureScaling.ZScore, DatasetCatalog.ResolveScaling(dataset, FeatureScaling.ZScore));
    }

    [Fact]
    public void An_unknown_scaling_is_a_one_line_error()
    {
        Assert.Equal("--scale: unknown scaling 'log' (expected minmax, minmax-centred, zscore or none)",
            Assert.Throws<AlfcInputException>(() => FeatureScaler.Parse("log")).Message);
    }
}
