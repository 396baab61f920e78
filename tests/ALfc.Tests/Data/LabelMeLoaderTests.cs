using ALfc.Core;
using ALfc.Core.Data;
using ALfc.Core.Data.Io;

namespace ALfc.Tests.Data;

public class LabelMeLoaderTests
{
    [Fact]
    public void Reads_the_CrowdLayer_prepared_layout_and_flattens_4d_features()
    {
        var root = LoaderFixtures.PreparedLabelMe();
        var data = DatasetCatalog.Load("labelme", LoaderFixtures.Options(root) with { Scaling = FeatureScaling.None });
        Assert.Equal(5, data.TrainFeatures.Rows);
        Assert.Equal(12, data.Features);
        Assert.Equal(2, data.TestFeatures.Rows);
        Assert.Equal(8, data.Classes);
        Assert.Equal("opencountry", data.ClassNames[7]);
        Assert.Equal(3, data.Workers);
        Assert.Equal(12f, data.TrainFeatures[1, 0]);
        Assert.Equal(new[] { 0, 1, 2, 7, 3 }, data.TrainGold);
        Assert.Equal(2, data.Answers[2, 1]);
        Assert.Equal(AnswerMatrix.Missing, data.Answers[0, 1]);
        Assert.Equal(11, data.Answers.AnswerCount);
    }

    [Fact]
    public void A_class_out_of_range_names_the_answers_file_row_and_column()
    {
        var root = LoaderFixtures.PreparedLabelMe([0, -1, 0, 1, 1, -1, -1, 9, 2, 7, 7, 6, 3, -1, 3]);
        var e = Assert.Throws<AlfcInputException>(() => DatasetCatalog.Load("labelme", LoaderFixtures.Options(root)));
        Assert.Equal($"{Path.Combine(root, "labelme", "answers.npy")}:3: column 2: class 9 out of range 0..7 (-1 = no answer)", e.Message);
    }

    [Fact]
    public void A_worker_with_no_answers_is_an_error_naming_the_worker()
    {
        var root = LoaderFixtures.PreparedLabelMe([0, -1, 0, 1, -1, -1, -1, -1, 2, 7, -1, 6, 3, -1, 3]);
        var e = Assert.Throws<AlfcInputException>(() => DatasetCatalog.Load("labelme", LoaderFixtures.Options(root)));
        Assert.Contains("answers.npy: worker w1 (column 2) has no answers", e.Message);
    }

    [Fact]
    public void A_missing_file_and_a_missing_folder_are_named()
    {
        var root = LoaderFixtures.PreparedLabelMe();
        var labels = Path.Combine(root, "labelme", "labels_test.npy");
        File.Delete(labels);
        Assert.Equal($"{labels}: file not found", Assert.Throws<AlfcInputException>(() => DatasetCatalog.Load("labelme", LoaderFixtures.Options(root))).Message);
        Directory.CreateDirectory(labels);
        Assert.Equal($"{labels}: is a folder, not a file", Assert.Throws<AlfcInputException>(() => DatasetCatalog.Load("labelme", LoaderFixtures.Options(root))).Message);
        Directory.Delete(labels);

        var empty = TestPaths.NewScratchDirectory();
        var e = Assert.Throws<MissingInputException>(() => DatasetCatalog.Load("music", LoaderFixtures.Options(empty)));
        Assert.StartsWith($"{Path.Combine(empty, "music")}: dataset folder not found", e.Message);
    }

    [Fact]
    public void An_unsupported_feature_dtype_is_refused_by_the_loader()
    {
        var root = LoaderFixtures.PreparedLabelMe();
        var features = Path.Combine(root, "labelme", "data_train_vgg16.npy");
        var bytes = File.ReadAllBytes(features);
        var header = System.Text.Encoding.Latin1.GetString(bytes, 10, 100).Replace("<f4", "<u4");
        System.Text.Encoding.Latin1.GetBytes(header).CopyTo(bytes, 10);
        File.WriteAllBytes(features, bytes);
        var e = Assert.Throws<AlfcInputException>(() => DatasetCatalog.Load("labelme", LoaderFixtures.Options(root)));
        Assert.Equal($"{features}: field 'descr': unsupported dtype '<u4' (expected <f4, <f8, <i4 or <i8)", e.Message);
    }

    [SharedDataFact]
    public void Reads_the_shared_average_pooled_layout()
    {
        var data = RealData.Load("labelme");
        Assert.Equal((1000, 512, 1188, 59, 2547), (data.TrainFeatures.Rows, data.Features, data.TestFeatures.Rows, data.Workers, data.Answers.AnswerCount));
        Assert.Equal("highway", data.ClassNames[0]);
    }
}
