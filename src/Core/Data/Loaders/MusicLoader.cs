namespace ALfc.Core.Data.Loaders;

/// <summary>
/// Music genre classification (MGC; Rodrigues, Pereira &amp; Ribeiro 2013) from Rodrigues' CSVs:
/// music_genre_gold.csv (700 train, 124 raw Marsyas features, gold genre), music_genre_test.csv
/// (300) and music_genre_mturk.csv (one row per answer: id, annotator, features, answered genre).
/// </summary>
public sealed class MusicLoader : IDatasetLoader
{
    public const string DatasetName = "music";

    private static readonly RodriguesCsvLayout Layout = new(
        "music_genre_gold.csv", "music_genre_test.csv", "music_genre_mturk.csv",
        ItemColumn: ["id"], WorkerColumn: ["annotator"], AnswerColumn: ["class"]);

    public string Name => DatasetName;

    /// <summary>Min-max to [0, 1] on training statistics: the scale the paper's eps values (0.001-0.03) are sized for.</summary>
    public FeatureScaling DefaultScaling => FeatureScaling.MinMax;

    public IReadOnlyList<string> RequiredFiles(string folder) => Layout.Files(folder);

    public CrowdDataset Load(DatasetOptions options) =>
        Layout.Load(DatasetName, DatasetCatalog.RequireFolder(options, DatasetName));
}
