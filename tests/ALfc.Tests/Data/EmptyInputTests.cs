using ALfc.Core;
using ALfc.Core.Data;

namespace ALfc.Tests.Data;

/// <summary>Files with a header and no rows are refused by name, before anything trains on them (they would give NaN accuracy).</summary>
public class EmptyInputTests
{
    [Theory]
    [InlineData("music_genre_test.csv")]
    [InlineData("music_genre_mturk.csv")]
    public void A_header_only_file_of_a_crowd_dataset_is_refused_naming_it(string emptied)
    {
        var root = TestPaths.NewScratchDirectory();
        var folder = Path.Combine(root, "music");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "music_genre_gold.csv"), "id,f1,f2,class\na,0.1,0.2,rock\nb,0.3,0.1,pop\n");
        File.WriteAllText(Path.Combine(folder, "music_genre_test.csv"), "id,f1,f2,class\nc,0.2,0.2,rock\n");
        File.WriteAllText(Path.Combine(folder, "music_genre_mturk.csv"), "id,annotator,class\na,w1,rock\nb,w1,pop\n");
        var path = Path.Combine(folder, emptied);
        File.WriteAllText(path, File.ReadAllLines(path)[0] + "\n");
        var e = Assert.Throws<AlfcInputException>(() => DatasetCatalog.Load("music", new DatasetOptions { DataRoot = root }));
        Assert.Equal($"{path}: no rows after the header (an empty dataset cannot be trained or tested)", e.Message);
    }
}
