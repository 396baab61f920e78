using ALfc.Core.Data;
using ALfc.Core.Data.Io;

namespace ALfc.Tests.Data;

/// <summary>Writes small datasets in the loaders' on-disk layouts, so each layout and failure is tested without the real files.</summary>
internal static class LoaderFixtures
{
    /// <summary>CrowdLayer's prepared LabelMe layout: 5 train items of 2x2x3 features, 3 workers, 2 test items.</summary>
    public static string PreparedLabelMe(int[]? answers = null)
    {
        var root = TestPaths.NewScratchDirectory();
        var dir = Directory.CreateDirectory(Path.Combine(root, "labelme")).FullName;
        Npy.Write(Path.Combine(dir, "data_train_vgg16.npy"), [5, 2, 2, 3], "<f4", Enumerable.Range(0, 60).Select(v => (double)v).ToArray());
        Npy.Write(Path.Combine(dir, "data_test_vgg16.npy"), [2, 2, 2, 3], "<f4", Enumerable.Range(0, 24).Select(v => v * 0.5).ToArray());
        Npy.Write(Path.Combine(dir, "labels_train.npy"), [5], "<i8", [0, 1, 2, 7, 3]);
        Npy.Write(Path.Combine(dir, "labels_test.npy"), [2], "<i8", [4, 5]);
        answers ??= [0, -1, 0, 1, 1, -1, -1, 2, 2, 7, 7, 6, 3, -1, 3];
        Npy.Write(Path.Combine(dir, "answers.npy"), [5, 3], "<i8", answers.Select(v => (double)v).ToArray());
        return root;
    }

    /// <summary>The sentiment text layout with 4 training sentences and a small rt-polarity pool.</summary>
    public static string SentimentText()
    {
        var root = TestPaths.NewScratchDirectory();
        var dir = Directory.CreateDirectory(Path.Combine(root, "sentiment")).FullName;
        File.WriteAllText(Path.Combine(dir, "answers.txt"), "1 1 -1\n0 -1 0\n1 0 1\n-1 0 0\n");
        File.WriteAllText(Path.Combine(dir, "Sentiment_Z_train.txt"), "1\n0\n1\n0\n");
        File.WriteAllText(Path.Combine(dir, "Sentiment_text_train.txt"),
            "a wonderful , moving film . \ndull and lifeless . \ngreat acting and a great story\nthe plot is a mess");
        var latin1 = System.Text.Encoding.Latin1;
        // Training sentences reappear with other case and punctuation; one positive appears twice; one has a Latin-1 accent.
        File.WriteAllText(Path.Combine(dir, "rt-polarity.pos"),
            "A wonderful, moving film.\nbright and funny\nBright and funny!\nGreat acting and a great story\ncharming caf\u00e9 comedy\n", latin1);
        File.WriteAllText(Path.Combine(dir, "rt-polarity.neg"), "dull and lifeless\nthe plot is a mess\ntedious and dull\n", latin1);
        return root;
    }

    /// <summary>The avg LabelMe layout with 2 train items of 3 features and the given answers.txt text.</summary>
    public static string TinyLabelMe(string answers)
    {
        var root = TestPaths.NewScratchDirectory();
        var dir = Directory.CreateDirectory(Path.Combine(root, "labelme")).FullName;
        Npy.Write(Path.Combine(dir, "LabelMe_VGG_avg_train.npy"), [2, 3], "<f4", [1, 2, 3, 4, 5, 6]);
        Npy.Write(Path.Combine(dir, "LabelMe_VGG_avg_test.npy"), [1, 3], "<f4", [1, 2, 3]);
        File.WriteAllText(Path.Combine(dir, "LabelMe_Z_train.txt"), "0\n1\n");
        File.WriteAllText(Path.Combine(dir, "LabelMe_Z_test.txt"), "1\n");
        File.WriteAllText(Path.Combine(dir, "answers.txt"), answers);
        return root;
    }

    public static DatasetOptions Options(string root, int lsa = 1200) =>
        new() { DataRoot = root, LsaDimensions = lsa, CacheDirectory = Path.Combine(root, "cache") };
}
