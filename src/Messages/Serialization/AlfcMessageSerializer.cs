using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Serialization;
using Newtonsoft.Json;

namespace ALfc.Messages.Serialization;

/// <summary>
/// Serializes the ALfc protocol as JSON under a fixed, short manifest per type. Only the types in
/// <see cref="Manifests"/> can be written or read; an unknown manifest is refused, and no type name is
/// ever taken from the payload (no TypeNameHandling), so the wire cannot make this process load a type.
/// </summary>
public sealed class AlfcMessageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    private static readonly IReadOnlyDictionary<Type, string> Manifests = new Dictionary<Type, string>
    {
        [typeof(RequestWork)] = "w.request",
        [typeof(RunTrials)] = "w.run",
        [typeof(TrialStarted)] = "w.started",
        [typeof(TrialSucceeded)] = "w.succeeded",
        [typeof(TrialFailed)] = "w.failed",
        [typeof(TrialDeclined)] = "w.declined",
        [typeof(GetSweepStatus)] = "s.get-status",
        [typeof(SweepStatus)] = "s.status",
        [typeof(SweepFinished)] = "s.finished",
    };

    private static readonly IReadOnlyDictionary<string, Type> Types = Manifests.ToDictionary(p => p.Value, p => p.Key);

    private static readonly JsonSerializerSettings Settings = new()
    {
        TypeNameHandling = TypeNameHandling.None,
        MissingMemberHandling = MissingMemberHandling.Error,
    };

    /// <summary>Fixed id registered in cluster.hocon; unique among this system's serializers.</summary>
    public override int Identifier => 4107;

    public static IReadOnlyCollection<Type> KnownTypes => Manifests.Keys.ToList();

    public override string Manifest(object o) =>
        Manifests.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new SerializationException($"{o.GetType().Name} is not an ALfc protocol message");

    public override byte[] ToBinary(object obj)
    {
        Manifest(obj);
        return Encoding.UTF8.GetBytes(JsonConvert.SerializeObject(obj, Settings));
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!Types.TryGetValue(manifest, out var type))
            throw new SerializationException($"unknown ALfc message manifest '{manifest}'");
        if (type == typeof(GetSweepStatus)) return GetSweepStatus.Instance;
        return JsonConvert.DeserializeObject(Encoding.UTF8.GetString(bytes), type, Settings)
               ?? throw new SerializationException($"empty payload for '{manifest}'");
    }
}
