using ALfc.Core.Evaluation;

namespace ALfc.Core.Trials;

/// <summary>The A-LFC kind of trial: train one method on one dataset, then evaluate it white-box and black-box (<see cref="TrialRunner"/>).</summary>
public sealed class TrainingTrialKind : ITrialKind
{
    public const string KindName = "train";

    public string Name => KindName;

    public ITrialSpec ReadSpec(string json) => AlfcJson.Deserialize<TrialSpec>(json);

    public ITrialRecord ReadRecord(string json) => AlfcJson.Deserialize<TrialResult>(json);

    public void CheckInputs(ITrialSpec spec, IDatasetSource data)
    {
        var s = Cast(spec);
        data.Get(s.Dataset, s.Scaling, s.LsaDimensions);
    }

    public ITrialRecord Run(ITrialSpec spec, TrialContext context, CancellationToken cancellation)
    {
        var s = Cast(spec);
        return TrialRunner.Run(s, context.Data.Get(s.Dataset, s.Scaling, s.LsaDimensions), context.Device, context.Progress, cancellation);
    }

    private static TrialSpec Cast(ITrialSpec spec) =>
        spec as TrialSpec ?? throw new ArgumentException($"a {spec.Kind} spec given to the {KindName} kind", nameof(spec));
}
