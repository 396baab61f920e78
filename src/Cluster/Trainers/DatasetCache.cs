using System.Collections.Concurrent;
using ALfc.Core.Data;
using ALfc.Core.Data.AnswerSets;
using ALfc.Core.Trials;

namespace ALfc.Cluster.Trainers;

/// <summary>
/// Loads each (dataset, scaling, LSA dimensions) once per process and shares it between trainer slots: loading
/// sentiment computes or reads its LSA features, which no trial should repeat. Answer sets (for poisoning trials)
/// are cached the same way. Both are read-only once loaded.
/// </summary>
public sealed class DatasetCache(string? dataRoot) : IDatasetSource
{
    private readonly ConcurrentDictionary<(string, FeatureScaling, int), Lazy<CrowdDataset>> datasets = new();
    private readonly ConcurrentDictionary<string, Lazy<AnswerSet>> answerSets = new();
    private readonly ConcurrentDictionary<string, bool> present = new();
    private readonly ConcurrentDictionary<string, Lazy<IReadOnlyDictionary<string, string>>> checksums = new();

    public string? DataRoot { get; } = dataRoot;

    public CrowdDataset Get(string name, FeatureScaling scaling, int lsaDimensions) =>
        datasets.GetOrAdd((name.ToLowerInvariant(), scaling, lsaDimensions), _ => new Lazy<CrowdDataset>(() =>
            DatasetCatalog.Load(name, new DatasetOptions { DataRoot = DataRoot, Scaling = scaling, LsaDimensions = lsaDimensions }))).Value;

    /// <summary>
    /// Throws unless this node has what <paramref name="spec"/> reads (<see cref="ITrialKind.CheckPresent"/>). A key that
    /// passed is not checked again; a failure is not remembered, so inputs put in place later are found.
    /// </summary>
    public void RequirePresent(ITrialKind kind, ITrialSpec spec)
    {
        string key = kind.InputKey(spec);
        if (present.ContainsKey(key)) return;
        kind.CheckPresent(spec, DataRoot);
        present.TryAdd(key, true);
    }

    /// <summary>
    /// The SHA-256 of every file of dataset or answer set <paramref name="name"/> under this process's data root
    /// (<see cref="DataChecksums"/>; empty for the synthetic crowd or a folder not here), computed once per process as
    /// the data itself is loaded once.
    /// </summary>
    public IReadOnlyDictionary<string, string> Checksums(string name) =>
        checksums.GetOrAdd(name, _ => new Lazy<IReadOnlyDictionary<string, string>>(() => DataChecksums.Of(name, DataRoot))).Value;

    public AnswerSet GetAnswers(string name) =>
        answerSets.GetOrAdd(name, _ => new Lazy<AnswerSet>(() => AnswerSetCatalog.Load(name, DataRoot))).Value;
}
