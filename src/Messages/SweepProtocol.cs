namespace ALfc.Messages;

/// <summary>Questions to the coordinator about the sweep as a whole, and its answers.</summary>
public interface ISweepMessage : IAlfcMessage;

/// <summary>Ask for a <see cref="SweepStatus"/>.</summary>
public sealed record GetSweepStatus : ISweepMessage
{
    public static GetSweepStatus Instance { get; } = new();
}

/// <summary>Trials per state, and completed trials per node.</summary>
public sealed record SweepStatus(string SweepId, int Total, int Done, int Running, int Queued, int Failed, IReadOnlyDictionary<string, int> DoneByNode) : ISweepMessage
{
    public bool Finished => SweepCounts.Finished(Total, Done, Failed);
}

/// <summary>Sent by the coordinator to whoever started it once every trial is done or failed.</summary>
public sealed record SweepFinished(string SweepId, int Done, int Failed) : ISweepMessage;

/// <summary>The one definition of a finished sweep, shared by the scheduler, the store and the status message.</summary>
public static class SweepCounts
{
    /// <summary>Every trial is done or failed for good.</summary>
    public static bool Finished(int total, int done, int failed) => done + failed >= total;
}
