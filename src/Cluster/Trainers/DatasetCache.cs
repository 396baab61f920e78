using System.Collections.Concurrent;
using ALfc.Core.Data;
using ALfc.Core.Trials;

namespace ALfc.Cluster.Trainers;

/// <summary>
/// Loads each (dataset, scaling, LSA dimensions) once per process and shares it between trainer slots: loading
/// sentiment computes or reads its LSA features, which no trial should repeat. Datasets are read-only once loaded.
/// </summary>
public sealed class DatasetCache(string? dataRoot) : IDatasetSource
{
    private readonly ConcurrentDictionary<(string, FeatureScaling, int), Lazy<CrowdDataset>> datasets = new();

    public string? DataRoot { get; } = dataRoot;

    public CrowdDataset Get(string name, FeatureScaling scaling, int lsaDimensions) =>
        datasets.GetOrAdd((name.ToLowerInvariant(), scaling, lsaDimensions), _ => new Lazy<CrowdDataset>(() =>
            DatasetCatalog.Load(name, new DatasetOptions { DataRoot = DataRoot, Scaling = scaling, LsaDimensions = lsaDimensions }))).Value;
}
