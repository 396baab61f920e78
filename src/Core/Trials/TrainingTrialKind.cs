using ALfc.Core.Evaluation;
using ALfc.Core.Training;

namespace ALfc.Core.Trials;

/// <summary>The A-LFC kind of trial: train one method on one dataset, then evaluate it white-box and black-box (<see cref="TrialRunner"/>).</summary>
public sealed class TrainingTrialKind : ITrialKind
{
    public const string KindName = "train";

    public string Name => KindName;

    public ITrialSpec ReadSpec(string json) => AlfcJson.Deserialize<TrialSpec>(json);

    public ITrialRecord ReadRecord(string json) => AlfcJson.DeserializeComplete<TrialResult>(json);

    public void CheckInputs(ITrialSpec spec, IDatasetSource data)
    {
        var s = Cast(spec);
        data.Get(s.Dataset, s.Scaling, s.LsaDimensions);
    }

    public void CheckPresent(ITrialSpec spec, string? dataRoot) =>
        Data.DatasetCatalog.CheckPresent(Cast(spec).Dataset, new Data.DatasetOptions { DataRoot = dataRoot });

    public ITrialRecord Run(ITrialSpec spec, TrialContext context, CancellationToken cancellation)
    {
        var s = Cast(spec);
        return TrialRunner.Run(s, context.Data.Get(s.Dataset, s.Scaling, s.LsaDimensions), context.Device, context.Progress, cancellation);
    }

    /// <summary>
    /// Repetitions of one (dataset, method, settings) fuse: the key is the spec without its seed, and the width comes from
    /// the model's inputs (<see cref="FusionWidth"/>).
    /// </summary>
    public FusionKey? Fusion(ITrialSpec spec, IDatasetSource data)
    {
        var s = Cast(spec);
        return new FusionKey((s with { Seed = 0 }).Hash(), FusionWidth.For(data.Get(s.Dataset, s.Scaling, s.LsaDimensions).Features));
    }

    public void RunUnit(IReadOnlyList<ITrialSpec> specs, TrialContext context, Action<int, ITrialRecord> completed, CancellationToken cancellation)
    {
        var s = specs.Select(Cast).ToList();
        if (s.Count == 1)
        {
            completed(0, Run(s[0], context, cancellation));
            return;
        }
        TrialRunner.RunFused(s, context.Data.Get(s[0].Dataset, s[0].Scaling, s[0].LsaDimensions), context.Device, context.Progress,
            (i, record) => completed(i, record), cancellation);
    }

    private static TrialSpec Cast(ITrialSpec spec) =>
        spec as TrialSpec ?? throw new ArgumentException($"a {spec.Kind} spec given to the {KindName} kind", nameof(spec));
}
