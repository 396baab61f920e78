using ALfc.Core;
using ALfc.Core.Data;
using ALfc.Core.Data.Loaders;
using ALfc.Core.Evaluation;
using ALfc.Core.Models;
using ALfc.Core.Training;
using ALfc.Core.Training.Methods;
using static TorchSharp.torch;

namespace ALfc.Tests.Data;

public class SentimentLoaderTests
{
    [Fact]
    public void Test_set_is_rt_polarity_minus_training_sentences_after_normalising()
    {
        var root = LoaderFixtures.SentimentText();
        var data = DatasetCatalog.Load("sentiment", LoaderFixtures.Options(root, lsa: 2) with { Scaling = FeatureScaling.None });
        // pos: "bright and funny" (once; its "!" twin is a duplicate), "charming café comedy"; neg: "tedious and dull".
        Assert.Equal(3, data.TestFeatures.Rows);
        Assert.Equal(new[] { 1, 1, 0 }, data.TestGold);
        Assert.Equal(2, data.Features);
        Assert.Equal(new[] { "negative", "positive" }, data.ClassNames);
        Assert.Equal(4, data.TrainFeatures.Rows);
        Assert.Equal(3, data.Workers);
    }

    [Fact]
    public void Normalising_keeps_only_lower_case_ascii_letters_and_digits()
    {
        Assert.Equal("itsa10outof10film", SentimentLoader.Normalise("It's a 10-out-of-10 film !"));
    }

    [Fact]
    public void More_LSA_dimensions_than_training_sentences_or_terms_is_refused_by_name_before_any_work_or_cache_entry()
    {
        // Four training sentences of 17 distinct terms: rank 5 is past the sentences, and the refusal names the flag.
        var root = LoaderFixtures.SentimentText();
        var text = Path.Combine(root, "sentiment", "Sentiment_text_train.txt");
        var options = LoaderFixtures.Options(root, lsa: 5);
        var e = Assert.Throws<AlfcInputException>(() => DatasetCatalog.Load("sentiment", options));
        Assert.Equal($"--lsa-dims: 5 is more than the 4 training sentences of {text} (an LSA of rank k needs at least k of each)", e.Message);
        Assert.False(Directory.Exists(options.CacheDirectory));
        // Rank 4 is the most these sentences allow, and gives 4 features, as asked.
        Assert.Equal(4, DatasetCatalog.Load("sentiment", options with { LsaDimensions = 4 }).TrainFeatures.Cols);
    }

    [Fact]
    public void Fewer_distinct_terms_than_LSA_dimensions_is_refused_too()
    {
        var root = LoaderFixtures.SentimentText();
        var text = Path.Combine(root, "sentiment", "Sentiment_text_train.txt");
        File.WriteAllText(text, "good good\nbad\ngood bad\nbad good");
        var e = Assert.Throws<AlfcInputException>(() => DatasetCatalog.Load("sentiment", LoaderFixtures.Options(root, lsa: 3)));
        Assert.Equal($"--lsa-dims: 3 is more than the 2 distinct terms of {text} (an LSA of rank k needs at least k of each)", e.Message);
    }

    [Fact]
    public void Computed_features_are_cached_and_reused()
    {
        var root = LoaderFixtures.SentimentText();
        var options = LoaderFixtures.Options(root, lsa: 2);
        var first = DatasetCatalog.Load("sentiment", options);
        var cached = Directory.GetFiles(options.CacheDirectory!, "*.npy");
        Assert.Equal(2, cached.Length);
        // Overwrite the cached train features: a second load must read the cache, not recompute.
        var trainEntry = cached.Single(f => f.EndsWith(".train.npy"));
        Core.Data.Io.Npy.Write(trainEntry, [4, 2], "<f4", [0, 0, 1, 1, 2, 2, 3, 3]);
        var second = DatasetCatalog.Load("sentiment", options with { Scaling = FeatureScaling.None });
        Assert.Equal(new float[] { 0, 0, 1, 1, 2, 2, 3, 3 }, second.TrainFeatures.Values);
        Assert.NotEqual(first.TrainFeatures.Values, second.TrainFeatures.Values);
        // A different setting is a different key: computed afresh.
        DatasetCatalog.Load("sentiment", options with { LsaDimensions = 1 });
        Assert.Equal(4, Directory.GetFiles(options.CacheDirectory!, "*.npy").Length);
    }

    [Fact]
    public void Reads_Rodrigues_LSA_CSV_layout_when_present()
    {
        var root = TestPaths.NewScratchDirectory();
        var dir = Directory.CreateDirectory(Path.Combine(root, "sentiment")).FullName;
        File.WriteAllText(Path.Combine(dir, "polarity_gold_lsa_topics.csv"), "id,f0,f1,class\n10,0.1,0.2,pos\n11,0.3,0.1,neg\n");
        File.WriteAllText(Path.Combine(dir, "polarity_test_lsa_topics.csv"), "id,f0,f1,class\n20,0.2,0.2,neg\n");
        File.WriteAllText(Path.Combine(dir, "mturk_answers.csv"), "WorkerId,Input.id,Answer.sent\nA,10,pos\nB,10,neg\nB,11,neg\n");
        var data = DatasetCatalog.Load("sentiment", LoaderFixtures.Options(root));
        Assert.Equal(new[] { "neg", "pos" }, data.ClassNames);
        Assert.Equal(new[] { 1, 0 }, data.TrainGold);
        Assert.Equal(2, data.Features);
        Assert.Equal(new[] { 1, 0, -1, 0 }, data.Answers.Values);
    }

    [SharedDataFact]
    public void Reads_the_shared_text_layout_with_1200_LSA_dimensions()
    {
        var data = RealData.Load("sentiment");
        Assert.Equal((4999, 5661, 1200, 203, 27746), (data.TrainFeatures.Rows, data.TestFeatures.Rows, data.Features, data.Workers, data.Answers.AnswerCount));
        // PROVENANCE.md: 2828 positive and 2833 negative test sentences.
        Assert.Equal(2828, data.TestGold.Count(y => y == 1));
    }

    [SharedDataFact]
    public void With_its_default_scaling_a_classifier_learns_sentiment()
    {
        // Plain min-max left every sentiment classifier at chance, 0.50 (see SentimentLoader.DefaultScaling).
        var data = RealData.Load("sentiment");
        Assert.Equal(FeatureScaling.MinMaxCentred, data.Scaling);
        using var trained = new GroundTruthMethod().Train(data, new TrainingConfig { Epochs = 8 }, 0, CPU, null, CancellationToken.None);
        using var x = TensorData.Features(data.TestFeatures, CPU);
        using var y = TensorData.Labels(data.TestGold, CPU);
        Assert.InRange(Evaluator.Accuracy(trained.Model, x, y), 0.68, 1.0);
    }
}
