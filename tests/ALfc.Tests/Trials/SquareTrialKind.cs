using ALfc.Core;
using ALfc.Core.Evaluation;
using ALfc.Core.Trials;
using Newtonsoft.Json;

namespace ALfc.Tests.Trials;

/// <summary>
/// A test-only kind of trial: squares a number after a short pause (so a node can be lost mid-trial). It shows that a
/// new kind needs its spec, its record and this one class, and nothing new in the grid, queue, store or nodes. With a
/// fusion width above 1, any squares may share a unit, which runs them one after the other (the interface's own RunUnit).
/// With <paramref name="requiredInput"/>, a data root without that file lacks the trials' inputs (a node's data missing),
/// and one whose file starts with "bad" has them malformed.
/// </summary>
internal sealed class SquareTrialKind(int fusionWidth = 1, int pauseMilliseconds = 300, string? requiredInput = null) : ITrialKind
{
    public const string Name_ = "square";

    public string Name => Name_;

    public ITrialSpec ReadSpec(string json) => AlfcJson.Deserialize<SquareSpec>(json);

    public ITrialRecord ReadRecord(string json) => AlfcJson.Deserialize<SquareRecord>(json);

    public void CheckInputs(ITrialSpec spec, IDatasetSource data) { }

    public void CheckPresent(ITrialSpec spec, string? dataRoot)
    {
        if (requiredInput is null) return;
        var path = Path.Combine(dataRoot ?? ".", requiredInput);
        if (!File.Exists(path)) throw new MissingInputException($"{requiredInput} not found in {dataRoot}");
        if (File.ReadAllText(path).StartsWith("bad", StringComparison.Ordinal)) throw AlfcInputException.At(path, 1, "not a list of numbers");
    }

    public FusionKey? Fusion(ITrialSpec spec, IDatasetSource data) => fusionWidth > 1 ? new FusionKey("squares", fusionWidth) : null;

    public ITrialRecord Run(ITrialSpec spec, TrialContext context, CancellationToken cancellation)
    {
        var s = (SquareSpec)spec;
        CheckPresent(spec, (context.Data as ALfc.Cluster.Trainers.DatasetCache)?.DataRoot);
        Task.Delay(pauseMilliseconds, cancellation).Wait(cancellation);
        return new SquareRecord(s.Value, s.Value * s.Value, ComputeDeviceName: "cpu");
    }
}

internal sealed record SquareSpec(double Value, long Seed) : ITrialSpec
{
    [JsonIgnore] public string Kind => SquareTrialKind.Name_;

    [JsonIgnore] public TrialGroup Group => new(Kind, "numbers", "square", 0, "-");

    public string CanonicalJson() => AlfcJson.Canonical(new { kind = Kind, Value, Seed });
}

internal sealed record SquareRecord(double Value, double Square, string ComputeDeviceName) : ITrialRecord
{
    [JsonIgnore] public TrialGroup Group => new(SquareTrialKind.Name_, "numbers", "square", 0, "-");

    [JsonIgnore] public RecordSummary Summary => new("square", Square, null, 0, 0, 0);

    [JsonIgnore] public string Device => ComputeDeviceName;

    public IEnumerable<(CellKey Key, double Value)> Cells() => [];

    public void Validate() => InvalidTrialRecordException.RequireFinite(Square, "square");
}
