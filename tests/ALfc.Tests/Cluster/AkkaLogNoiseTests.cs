using Akka.Event;
using ALfc.Cluster.Logging;

namespace ALfc.Tests.Cluster;

/// <summary>Which of Akka's own lines reach the log, and at what level.</summary>
public class AkkaLogNoiseTests
{
    private static LogLevel? Level(LogEvent e) => AkkaLogNoise.LevelOf(e, e.Message.ToString()!);

    [Fact]
    public void A_node_waiting_for_its_seed_does_not_repeat_akkas_retry_warning_every_five_seconds()
    {
        Assert.Null(Level(new Warning("joinSeedNodeProcess-1", typeof(object), "Couldn't join seed nodes after [12] attempts, will try again. seed-nodes=[akka.tcp://alfc@127.0.0.1:4000]")));
    }

    [Fact]
    public void Membership_decisions_are_demoted_to_info_and_other_warnings_keep_their_level()
    {
        Assert.Equal(LogLevel.InfoLevel, Level(new Warning("cluster", typeof(object), "Marking node(s) as UNREACHABLE [Member(address = akka.tcp://alfc@127.0.0.1:4001)]")));
        Assert.Equal(LogLevel.WarningLevel, Level(new Warning("remoting", typeof(object), "Failed to bind to 127.0.0.1:4000")));
        Assert.Equal(LogLevel.ErrorLevel, Level(new Error(null, "x", typeof(object), "something broke")));
    }
}
