namespace ALfc.Core.Trials;

/// <summary>One trial of a sweep: its id (<see cref="TrialIds.Of"/>), spec and repetition index.</summary>
public sealed record PlannedTrial(string Id, ITrialSpec Spec, int Repetition)
{
    public static PlannedTrial Of(ITrialSpec spec, int repetition) => new(TrialIds.Of(spec), spec, repetition);
}
