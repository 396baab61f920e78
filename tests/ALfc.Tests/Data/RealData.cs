using ALfc.Core.Data;

namespace ALfc.Tests.Data;

/// <summary>Loads a real dataset from ../shared/data once per test run.</summary>
internal static class RealData
{
    private static readonly Dictionary<string, Lazy<CrowdDataset>> Cache = new()
    {
        ["music"] = new(() => Load("music", 1200)),
        ["labelme"] = new(() => Load("labelme", 1200)),
        ["sentiment"] = new(() => Load("sentiment", 1200)),
    };

    public static CrowdDataset Load(string name) => Cache[name].Value;

    private static CrowdDataset Load(string name, int lsa) =>
        DatasetCatalog.Load(name, new DatasetOptions { DataRoot = TestPaths.SharedData, LsaDimensions = lsa, CacheDirectory = TestPaths.FeatureCache });
}
