using ALfc.Core;
using ALfc.Core.Data;

namespace ALfc.Tests.Data;

public class MusicLoaderTests
{
    [SharedDataFact]
    public void Reads_Rodrigues_CSVs_with_sorted_classes_and_min_max_scaled_features()
    {
        var data = RealData.Load("music");
        Assert.Equal((700, 300, 124, 10, 44, 2945), (data.TrainFeatures.Rows, data.TestFeatures.Rows, data.Features, data.Classes, data.Workers, data.Answers.AnswerCount));
        Assert.Equal(new[] { "blues", "classical", "country", "disco", "hiphop", "jazz", "metal", "pop", "reggae", "rock" }, data.ClassNames);
        // PROVENANCE.md: train class counts 67/72/74/72/63/71/75/64/70/72.
        Assert.Equal(new[] { 67, 72, 74, 72, 63, 71, 75, 64, 70, 72 }, Enumerable.Range(0, 10).Select(k => data.TrainGold.Count(y => y == k)));
        Assert.Equal(FeatureScaling.MinMax, data.Scaling);
        Assert.Equal(0f, data.TrainFeatures.Values.Min());
        Assert.Equal(1f, data.TrainFeatures.Values.Max());
    }

    [Fact]
    public void An_answer_for_an_unknown_item_or_class_names_file_and_line()
    {
        var root = TestPaths.NewScratchDirectory();
        var dir = Directory.CreateDirectory(Path.Combine(root, "music")).FullName;
        File.WriteAllText(Path.Combine(dir, "music_genre_gold.csv"), "id,feature0,feature1,class\na,1,2,rock\nb,3,4,jazz\n");
        File.WriteAllText(Path.Combine(dir, "music_genre_test.csv"), "id,feature0,feature1,class\nc,1,1,rock\n");
        var mturk = Path.Combine(dir, "music_genre_mturk.csv");
        File.WriteAllText(mturk, "id,annotator,feature0,feature1,class\na,W1,1,2,rock\nb,W2,3,4,polka\n");
        Assert.Equal($"{mturk}:3: class 'polka' is not one of the gold classes (jazz, rock)",
            Assert.Throws<AlfcInputException>(() => DatasetCatalog.Load("music", LoaderFixtures.Options(root))).Message);

        File.WriteAllText(mturk, "id,annotator,feature0,feature1,class\na,W1,1,2,rock\nz,W2,3,4,jazz\n");
        Assert.Equal($"{mturk}:3: item id 'z' is not in music_genre_gold.csv",
            Assert.Throws<AlfcInputException>(() => DatasetCatalog.Load("music", LoaderFixtures.Options(root))).Message);

        File.WriteAllText(mturk, "id,annotator,feature0,feature1,class\na,W1,1,2,rock\nb,W2,3,4,jazz\nb,W1,3,4,rock\n");
        var data = DatasetCatalog.Load("music", LoaderFixtures.Options(root));
        Assert.Equal(new[] { "W1", "W2" }, data.WorkerIds);
        Assert.Equal(1, data.Answers[0, 0]);
        Assert.Equal(0, data.Answers[1, 1]);
    }
}
