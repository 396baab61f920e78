namespace ALfc.Core.Data;

/// <summary>Loads one named dataset, unscaled; <see cref="DatasetCatalog"/> applies the scaling.</summary>
public interface IDatasetLoader
{
    string Name { get; }

    /// <summary>The scaling used when the user names none: what makes the paper's eps values and model fit this dataset's features.</summary>
    FeatureScaling DefaultScaling { get; }

    CrowdDataset Load(DatasetOptions options);
}
