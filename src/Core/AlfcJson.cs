using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
using Newtonsoft.Json.Serialization;

namespace ALfc.Core;

/// <summary>The one JSON convention for records ALfc writes (files, --json output): camelCase keys, enums as strings.</summary>
public static class AlfcJson
{
    public static JsonSerializerSettings Settings { get; } = new()
    {
        ContractResolver = new DefaultContractResolver { NamingStrategy = new CamelCaseNamingStrategy { ProcessDictionaryKeys = false } },
        Converters = { new StringEnumConverter(new CamelCaseNamingStrategy()) },
        Formatting = Formatting.Indented,
        // Records initialise collections to defaults (every attack); a deserialised value must replace them, not merge.
        ObjectCreationHandling = ObjectCreationHandling.Replace,
    };

    public static string Serialize(object value) => JsonConvert.SerializeObject(value, Settings);

    public static T Deserialize<T>(string json) =>
        JsonConvert.DeserializeObject<T>(json, Settings) ?? throw new JsonSerializationException($"empty JSON for {typeof(T).Name}");
}
