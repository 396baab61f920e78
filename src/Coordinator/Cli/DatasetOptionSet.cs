using System.CommandLine;
using ALfc.Core.Data;

namespace ALfc.Coordinator.Cli;

/// <summary>The options every command that loads a dataset shares.</summary>
internal sealed class DatasetOptionSet
{
    public Option<string> Dataset { get; } = new("--dataset")
    {
        Description = $"dataset name: {string.Join(", ", DatasetCatalog.Names)}",
        DefaultValueFactory = _ => DatasetCatalog.DefaultDataset,
    };

    public Option<string?> Data { get; } = new("--data")
    {
        Description = "data root with one folder per dataset (default: $ALFC_DATA, else ./data)",
    };

    public Option<string?> Scale { get; } = new("--scale")
    {
        Description = "feature scaling, fitted on training rows: minmax, minmax-centred, zscore or none (default: the dataset's own, minmax-centred for sentiment, minmax for the others)",
    };

    public Option<int> LsaDims { get; } = new("--lsa-dims")
    {
        Description = "LSA dimensions for sentiment features computed from text",
        DefaultValueFactory = _ => 1200,
    };

    /// <summary>Whether the command offers the feature options (--scale, --lsa-dims); one that reads only labels does not.</summary>
    private bool features = true;

    /// <summary>Adds the options to <paramref name="command"/>; <paramref name="withFeatures"/> false leaves out --scale and --lsa-dims, which only change features.</summary>
    public void AddTo(Command command, bool withFeatures = true)
    {
        features = withFeatures;
        command.Options.Add(Dataset);
        command.Options.Add(Data);
        if (!withFeatures) return;
        command.Options.Add(Scale);
        command.Options.Add(LsaDims);
    }

    public CrowdDataset Load(ParseResult result) =>
        DatasetCatalog.Load(result.GetValue(Dataset)!, Options(result));

    public DatasetOptions Options(ParseResult result) => new()
    {
        DataRoot = CheckDataRoot(result.GetValue(Data)),
        Scaling = features && result.GetValue(Scale) is { } scale ? FeatureScaler.Parse(scale) : null,
        LsaDimensions = features ? DatasetOptions.CheckLsaDimensions(result.GetValue(LsaDims)) : new DatasetOptions().LsaDimensions,
    };

    /// <summary>
    /// A --data root as given, checked: an empty path or one that is not a folder is refused by name, even where the
    /// dataset at hand (synthetic) reads nothing from it, so a typo never passes silently. Null (unset) stays null.
    /// </summary>
    public static string? CheckDataRoot(string? root)
    {
        if (root is null) return null;
        if (root.Length == 0) throw new Core.AlfcInputException("--data: the path is empty");
        if (!Directory.Exists(root)) throw new Core.AlfcInputException(File.Exists(root) ? $"--data {root}: is a file, not a folder" : $"--data {root}: folder not found");
        return root;
    }
}
