namespace ALfc.Core.Data;

/// <summary>Loads one named dataset, unscaled; <see cref="DatasetCatalog"/> applies the scaling.</summary>
public interface IDatasetLoader
{
    string Name { get; }

    CrowdDataset Load(DatasetOptions options);
}
