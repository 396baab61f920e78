namespace ALfc.Messages;

/// <summary>
/// Trainer ⇄ coordinator work pulling. A trainer asks when it has a free slot; the coordinator answers
/// with a trial or remembers the trainer as idle. Trial specs and results travel as JSON text, so this
/// assembly needs neither TorchSharp nor the Core types.
/// </summary>
public interface IWorkMessage : IAlfcMessage;

/// <summary>A trainer slot is free. <paramref name="Node"/> is its cluster address (host:port), used in logs and throughput.</summary>
public sealed record RequestWork(string Node, string Worker) : IWorkMessage;

/// <summary>
/// One trial of a unit: its id, its attempt (counting from 1) and its canonical config, which the trainer's registry of
/// trial kinds reads.
/// </summary>
public sealed record UnitTrial(string TrialId, int Attempt, string SpecJson);

/// <summary>
/// Run a unit of trials of kind <paramref name="Kind"/>: one trial, or repetitions of one configuration that the kind
/// trains as one batched model (fused repetitions). Each trial still reports on its own (started, succeeded, failed), so
/// the coordinator stores each as it finishes and a lost node gives back only the unit's unfinished trials.
/// </summary>
/// <remarks>
/// <paramref name="InputFiles"/> is the SHA-256 of every file of the unit's dataset or answer set as the coordinator's
/// data root holds it (path under the root → hex), or null where the coordinator cannot see that data. A node whose
/// copy differs declines the unit, so one sweep's numbers never mix two versions of its data (a node missing only
/// truth.csv once stored its poisoning trials as done with every ASR undefined).
/// </remarks>
public sealed record RunTrials(string SweepId, string Kind, IReadOnlyList<UnitTrial> Trials, IReadOnlyDictionary<string, string>? InputFiles = null) : IWorkMessage
{
    public bool Equals(RunTrials? other) =>
        other is not null && SweepId == other.SweepId && Kind == other.Kind && Trials.SequenceEqual(other.Trials) &&
        (InputFiles is null ? other.InputFiles is null : other.InputFiles is not null && InputFiles.Count == other.InputFiles.Count && InputFiles.All(f => other.InputFiles.TryGetValue(f.Key, out var v) && v == f.Value));

    public override int GetHashCode() => HashCode.Combine(SweepId, Kind, Trials.Count);
}

/// <summary>A trainer began a trial (for the log and for knowing which node holds it).</summary>
public sealed record TrialStarted(string SweepId, string TrialId, int Attempt, string Node) : IWorkMessage;

/// <summary>A trial finished; <paramref name="ResultJson"/> is its full record, already checked on the node (ITrialRecord.Validate).</summary>
public sealed record TrialSucceeded(string SweepId, string TrialId, int Attempt, string Node, string ResultJson) : IWorkMessage;

/// <summary>A trial threw; <paramref name="Error"/> is a one-line description.</summary>
public sealed record TrialFailed(string SweepId, string TrialId, int Attempt, string Node, string Error) : IWorkMessage;

/// <summary>
/// A trainer could not start a trial because its node lacks the trial's inputs (its data root has no such dataset or
/// answer set): a fault of the node, not of the trial, so the attempt is given back and the coordinator sends that
/// node no more trials of those inputs. <paramref name="Reason"/> is a one-line description.
/// </summary>
public sealed record TrialDeclined(string SweepId, string TrialId, int Attempt, string Node, string Reason) : IWorkMessage;
