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
        DataRoot = DatasetOptions.CheckDataRoot(result.GetValue(Data)),
        Scaling = features && result.GetValue(Scale) is { } scale ? FeatureScaler.Parse(scale) : null,
        LsaDimensions = features ? DatasetOptions.CheckLsaDimensions(result.GetValue(LsaDims)) : new DatasetOptions().LsaDimensions,
    };
}
