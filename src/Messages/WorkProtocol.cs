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
/// Run one trial of kind <paramref name="Kind"/> (the trainer's registry of trial kinds reads <paramref name="SpecJson"/>,
/// the trial's canonical config); <paramref name="Attempt"/> counts from 1.
/// </summary>
public sealed record RunTrial(string SweepId, string TrialId, int Attempt, string Kind, string SpecJson) : IWorkMessage;

/// <summary>A trainer began a trial (for the log and for knowing which node holds it).</summary>
public sealed record TrialStarted(string SweepId, string TrialId, int Attempt, string Node) : IWorkMessage;

/// <summary>A trial finished; <paramref name="ResultJson"/> is its full record, already checked on the node (ITrialRecord.Validate).</summary>
public sealed record TrialSucceeded(string SweepId, string TrialId, int Attempt, string Node, string ResultJson) : IWorkMessage;

/// <summary>A trial threw; <paramref name="Error"/> is a one-line description.</summary>
public sealed record TrialFailed(string SweepId, string TrialId, int Attempt, string Node, string Error) : IWorkMessage;
