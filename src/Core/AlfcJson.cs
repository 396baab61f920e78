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
public static partial class AlfcJson
{
    private static JsonSerializerSettings Create(Formatting formatting, bool strict = false) => new()
    {
        ContractResolver = strict
            ? new PresentMembersResolver { NamingStrategy = new CamelCaseNamingStrategy { ProcessDictionaryKeys = false } }
            : new DefaultContractResolver { NamingStrategy = new CamelCaseNamingStrategy { ProcessDictionaryKeys = false } },
        // No naming strategy for enums: each enum member states its spelling with [EnumMember].
        Converters = { new StringEnumConverter(), new UndefinedAsNullConverter() },
        Formatting = formatting,
        // Records initialise collections to defaults (every attack); a deserialised value must replace them, not merge.
        ObjectCreationHandling = ObjectCreationHandling.Replace,
    };

    /// <summary>Reads what was stored and may have been edited since: every member a type requires must be present.</summary>
    private static JsonSerializerSettings StrictSettings { get; } = Create(Formatting.Indented, strict: true);

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
        T value;
        try
        {
            value = JsonConvert.DeserializeObject<T>(json, StrictSettings) ?? throw new JsonSerializationException($"empty JSON for {typeof(T).Name}");
        }
        catch (JsonSerializationException e) when (MissingMember().Match(e.Message) is { Success: true } m)
        {
            // Said as JsonCompleteness says a null: by the member's JSON path, without Newtonsoft's line and position.
            var path = m.Groups[2].Value.Length == 0 ? m.Groups[1].Value : $"{m.Groups[2].Value}.{m.Groups[1].Value}";
            throw new JsonSerializationException($"'{path}' is missing or null", e);
        }
        JsonCompleteness.Check(value);
        return value;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^Required property '([^']+)' not found in JSON\. Path '([^']*)'")]
    private static partial System.Text.RegularExpressions.Regex MissingMember();

    /// <summary>
    /// Makes a C# <c>required</c> member, and a record's positional parameter without a default, required in JSON too
    /// (present, though possibly null: an undefined number is written as null). Newtonsoft otherwise fills a missing
    /// number with 0, and an edited record without its "clean" read as accuracy 0 and moved the report's paired tests.
    /// </summary>
    private sealed class PresentMembersResolver : DefaultContractResolver
    {
        protected override JsonProperty CreateProperty(System.Reflection.MemberInfo member, MemberSerialization memberSerialization)
        {
            var property = base.CreateProperty(member, memberSerialization);
            if (member.IsDefined(typeof(System.Runtime.CompilerServices.RequiredMemberAttribute), inherit: false) || IsPositional(member))
                property.Required = Required.AllowNull;
            return property;
        }

        /// <summary>Whether the member is a record's positional parameter without a default (Newtonsoft checks presence on the member).</summary>
        private static bool IsPositional(System.Reflection.MemberInfo member) =>
            member.DeclaringType?.GetConstructors().Any(c => c.GetParameters().Any(p => p.Name == member.Name && !p.HasDefaultValue)) == true;
    }
}
