using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
using Newtonsoft.Json.Serialization;

namespace ALfc.Core;

/// <summary>
/// The one JSON convention for everything ALfc writes: trial specs (and so trial ids), records, files, --json output
/// and the payloads of cluster messages. Keys are camelCase (dictionary keys as given); enums are written as the CLI
/// spells them (their <c>[EnumMember]</c> value: "minmax-centred", "paper", "white"); an undefined number (NaN) is null. <see cref="Canonical"/> is the
/// compact form hashed into trial ids; <see cref="Serialize"/> the indented form for people.
/// </summary>
public static class AlfcJson
{
    private static JsonSerializerSettings Create(Formatting formatting) => new()
    {
        ContractResolver = new DefaultContractResolver { NamingStrategy = new CamelCaseNamingStrategy { ProcessDictionaryKeys = false } },
        // No naming strategy for enums: each enum member states its spelling with [EnumMember].
        Converters = { new StringEnumConverter(), new UndefinedAsNullConverter() },
        Formatting = formatting,
        // Records initialise collections to defaults (every attack); a deserialised value must replace them, not merge.
        ObjectCreationHandling = ObjectCreationHandling.Replace,
    };

    /// <summary>Indented; for files and --json output.</summary>
    public static JsonSerializerSettings Settings { get; } = Create(Formatting.Indented);

    /// <summary>Compact; for trial specs (hashed into ids) and the wire.</summary>
    public static JsonSerializerSettings CanonicalSettings { get; } = Create(Formatting.None);

    public static string Serialize(object value) => JsonConvert.SerializeObject(value, Settings);

    public static string Canonical(object value) => JsonConvert.SerializeObject(value, CanonicalSettings);

    public static T Deserialize<T>(string json) =>
        JsonConvert.DeserializeObject<T>(json, Settings) ?? throw new JsonSerializationException($"empty JSON for {typeof(T).Name}");

    /// <summary>
    /// <see cref="Deserialize{T}"/> for what was stored and may have been edited since: a member the type declares
    /// non-nullable that is missing or null is a <see cref="JsonSerializationException"/> naming it
    /// (<see cref="JsonCompleteness"/>), not a null that crashes whoever reads it.
    /// </summary>
    public static T DeserializeComplete<T>(string json) where T : notnull
    {
        var value = Deserialize<T>(json);
        JsonCompleteness.Check(value);
        return value;
    }
}
