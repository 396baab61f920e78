using System.Runtime.Serialization;
using Akka.Actor;
using ALfc.Messages;
using ALfc.Messages.Serialization;

namespace ALfc.Tests.Messages;

public sealed class SerializerTests : IDisposable
{
    private readonly ActorSystem system = ActorSystem.Create("serializer-test", "akka.loglevel = WARNING");

    private AlfcMessageSerializer Serializer => new((ExtendedActorSystem)system);

    public static TheoryData<object> Messages() => new()
    {
        new RequestWork("127.0.0.1:4053", "trainer-0"),
        new RunTrials("quick", "train", [new UnitTrial("0123456789abcdef", 2, """{"dataset":"synthetic"}""")]),
        new RunTrials("quick", "train", [new UnitTrial("0123456789abcdef", 1, """{"seed":1}"""), new UnitTrial("fedcba9876543210", 3, """{"seed":2}""")]),
        new RunTrials("p", "poison", [new UnitTrial("0123456789abcdef", 1, "{}")],
            new Dictionary<string, string> { ["subpac/datasets/temp/answer.csv"] = "ab12", ["subpac/datasets/temp/truth.csv"] = "cd34" }),
        new TrialStarted("quick", "0123456789abcdef", 1, "n1"),
        new TrialSucceeded("quick", "0123456789abcdef", 1, "n1", """{"clean":0.9}"""),
        new TrialFailed("quick", "0123456789abcdef", 3, "n1", "IOException: disk full"),
        new TrialDeclined("quick", "0123456789abcdef", 1, "n1", "dataset 'music' not found under /data"),
        GetSweepStatus.Instance,
        new SweepFinished("quick", 29, 1),
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_protocol_message_round_trips(object message)
    {
        var bytes = Serializer.ToBinary(message);
        var back = Serializer.FromBinary(bytes, Serializer.Manifest(message));
        Assert.Equal(message, back);
    }

    [Fact]
    public void Status_round_trips_with_its_per_node_counts()
    {
        var status = new SweepStatus("quick", 30, 10, 2, 17, 1, new Dictionary<string, int> { ["n1"] = 6, ["n2"] = 4 });
        var back = (SweepStatus)Serializer.FromBinary(Serializer.ToBinary(status), Serializer.Manifest(status));
        Assert.Equal(status.DoneByNode, back.DoneByNode);
        Assert.Equal(status with { DoneByNode = back.DoneByNode }, back);
    }

    [Fact]
    public void Every_known_type_is_a_protocol_message_and_is_covered_here()
    {
        Assert.All(AlfcMessageSerializer.KnownTypes, t => Assert.True(typeof(IAlfcMessage).IsAssignableFrom(t)));
        var covered = ((IEnumerable<object[]>)Messages()).Select(m => m[0].GetType()).Append(typeof(SweepStatus)).ToHashSet();
        Assert.Equal(AlfcMessageSerializer.KnownTypes.ToHashSet(), covered);
    }

    [Fact]
    public void An_unknown_manifest_is_rejected_and_no_type_name_is_read_from_the_payload()
    {
        var payload = System.Text.Encoding.UTF8.GetBytes("""{"$type":"System.IO.FileInfo, System.IO.FileSystem","fileName":"/etc/passwd"}""");
        Assert.Throws<SerializationException>(() => Serializer.FromBinary(payload, "System.IO.FileInfo"));
        // Under a known manifest, a $type property is just an unexpected member: refused, never instantiated.
        Assert.ThrowsAny<Exception>(() => Serializer.FromBinary(payload, "w.request"));
        Assert.Throws<SerializationException>(() => Serializer.Manifest("a string is not a protocol message"));
    }

    [Fact]
    public void The_cluster_config_binds_the_protocol_to_this_serializer()
    {
        var config = ALfc.Cluster.Configuration.ClusterConfig.Build("127.0.0.1", 0, ["gpu"], []);
        using var clustered = ActorSystem.Create("binding-test", config.WithFallback("akka.actor.provider = local"));
        var serializer = clustered.Serialization.FindSerializerFor(new RequestWork("n", "w"));
        Assert.IsType<AlfcMessageSerializer>(serializer);
    }

    public void Dispose() => system.Terminate().Wait(TimeSpan.FromSeconds(10));
}
