using Akka.Event;

namespace ALfc.Cluster.Logging;

/// <summary>
/// Akka's own lines about a member that went away. A killed node makes remoting on every other member warn about each
/// failed re-association (every 5 s until the node is downed, with stack traces) and the cluster warn about
/// reachability and the split-brain resolver's decision. The coordinator says what matters in one WARN line of its own
/// (the node, the trials that went back to the queue, and when), so these are demoted: remoting's association chatter
/// out of the log, the cluster's membership decisions to INFO. Real remoting failures (a bind error, a frame too large)
/// do not match and keep their level. A node waiting for its seed does not repeat Akka's retry warning either.
/// </summary>
public static class AkkaLogNoise
{
    private static readonly string[] AssociationChatter =
    [
        "Association with remote system",
        "Tried to associate with unreachable remote address",
        "AssociationError",
        "Disassociated",
        "Removing receive buffers",
        "Association to [",
        "Quarantined address",
        // Every 5 s while a node waits for its seed (a coordinator restarting, or a finished sweep: about 120 WARN lines
        // over the default --rejoin-timeout). The node's watcher says once that the coordinator left, and alfc-node says
        // once whether it joined or gave up.
        "Couldn't join seed nodes after",
    ];

    private static readonly string[] MembershipDecisions =
    [
        "Marking node(s) as UNREACHABLE",
        "Marking node(s) as REACHABLE",
        "SBR took decision",
        "Leader can currently not perform its duties",
    ];

    /// <summary>The level <paramref name="e"/> is written at, or null to leave it out.</summary>
    public static LogLevel? LevelOf(LogEvent e, string message)
    {
        var level = e.LogLevel();
        if (level is LogLevel.DebugLevel) return level;
        if (AssociationChatter.Any(m => message.Contains(m, StringComparison.Ordinal))) return null;
        if (level is LogLevel.WarningLevel && MembershipDecisions.Any(m => message.Contains(m, StringComparison.Ordinal))) return LogLevel.InfoLevel;
        return level;
    }
}
