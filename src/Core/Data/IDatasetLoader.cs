namespace ALfc.Core.Data;

/// <summary>
/// Loads one named dataset, unscaled (<see cref="DatasetCatalog"/> applies the scaling), and states the dataset's own
/// experiment defaults: its scaling, its test eps list and A-LFC's training eps on it. Nothing else compares dataset names.
/// </summary>
public interface IDatasetLoader
{
    string Name { get; }

    /// <summary>The scaling used when the user names none: what makes the paper's eps values and model fit this dataset's features.</summary>
    FeatureScaling DefaultScaling { get; }

    /// <summary>The test eps list when a trial names none: the paper's list for features on a unit range.</summary>
    IReadOnlyList<double> TestEpsilons => EpsilonPresets.Images;

    /// <summary>A-LFC's training eps when a trial names none: the paper's 8/255.</summary>
    double TrainingEpsilon => EpsilonPresets.PaperTraining;

    /// <summary>Whether the dataset is read from a folder of the data root (false for one generated in memory).</summary>
    bool ReadsFiles => true;

    /// <summary>
    /// The files <see cref="Load"/> would read from <paramref name="folder"/> for the layout found there, so that a missing
    /// one is named before any work (<see cref="DatasetCatalog.CheckPresent"/>); a folder that holds no known layout
    /// gives the error its load would.
    /// </summary>
    IReadOnlyList<string> RequiredFiles(string folder) => [];

    CrowdDataset Load(DatasetOptions options);
}
