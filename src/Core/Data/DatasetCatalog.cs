using ALfc.Core.Data.Loaders;

namespace ALfc.Core.Data;

/// <summary>The registry of dataset loaders, by name.</summary>
public static class DatasetCatalog
{
    private static readonly IReadOnlyDictionary<string, IDatasetLoader> Loaders =
        new IDatasetLoader[] { new SyntheticCrowdGenerator(), new MusicLoader(), new LabelMeLoader(), new SentimentLoader() }
            .ToDictionary(l => l.Name, StringComparer.OrdinalIgnoreCase);

    public const string DefaultDataset = SyntheticCrowdGenerator.DatasetName;

    public static IReadOnlyCollection<string> Names => Loaders.Keys.ToList();

    /// <summary>Loads <paramref name="name"/> and scales its features as <paramref name="options"/> say, or by the dataset's default.</summary>
    public static CrowdDataset Load(string name, DatasetOptions options) =>
        Loader(name).Load(options).WithScaling(ResolveScaling(name, options.Scaling));

    /// <summary>The scaling a trial on <paramref name="name"/> uses: the one asked for, else the dataset's default.</summary>
    public static FeatureScaling ResolveScaling(string name, FeatureScaling? requested) => requested ?? Loader(name).DefaultScaling;

    /// <summary>The dataset's loader, which also states its defaults (scaling, test eps, training eps); unknown names are a one-line error.</summary>
    public static IDatasetLoader Describe(string name) => Loader(name);

    public static bool IsKnown(string name) => Loaders.ContainsKey(name);

    private static IDatasetLoader Loader(string name) =>
        Loaders.TryGetValue(name, out var loader)
            ? loader
            : throw new AlfcInputException($"--dataset: unknown dataset '{name}' (known: {string.Join(", ", Loaders.Keys)})");

    /// <summary>
    /// Without reading it: the one-line error the load would give first if the dataset's folder or one of the files its
    /// layout needs is missing (nothing for a generated dataset). What `sweep --dry-run` and `bench` check, since a load
    /// may take a minute (sentiment's LSA) and write the feature cache; a file that is there but malformed fails at its load.
    /// </summary>
    public static void CheckPresent(string name, DatasetOptions options)
    {
        var loader = Loader(name);
        if (!loader.ReadsFiles) return;
        var folder = RequireFolder(options, name);
        foreach (var file in loader.RequiredFiles(folder))
            if (!File.Exists(file))
                throw Directory.Exists(file) ? AlfcInputException.In(file, "is a folder, not a file")
                    : Io.InputFile.AccessDenied(file) ? AlfcInputException.In(file, Io.InputFile.PermissionDenied) : MissingInputException.In(file, "file not found");
    }

    /// <summary>The folder of a real dataset under the data root, or a one-line error naming it.</summary>
    internal static string RequireFolder(DatasetOptions options, string dataset)
    {
        var root = options.ResolveDataRoot();
        var folder = Path.Combine(root, dataset);
        if (!Directory.Exists(folder))
            throw new MissingInputException($"{folder}: dataset folder not found (data root '{root}'; set --data DIR or ALFC_DATA)");
        return folder;
    }
}
