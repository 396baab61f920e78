using ALfc.Core;
using ALfc.Core.Data;
using Newtonsoft.Json.Linq;

namespace ALfc.Coordinator.Sweeps;

/// <summary>
/// A grid setting that may differ by dataset ("scale", "trainEps"): absent (each dataset's own default), one value
/// for every dataset, or an object mapping dataset names to values (datasets not named keep their default).
/// </summary>
public sealed record PerDataset<T>(T? All, IReadOnlyDictionary<string, T> Values) where T : struct
{
    public static PerDataset<T> Defaults { get; } = new(null, new Dictionary<string, T>());

    /// <summary>The value the grid sets for <paramref name="dataset"/>: its own entry, else the one for all, else null (the dataset's default).</summary>
    public T? For(string dataset) => Values.TryGetValue(dataset, out var value) ? value : All;

    /// <summary>
    /// Reads the grid field <paramref name="field"/>; <paramref name="read"/> turns one JSON value into a setting or
    /// throws through <paramref name="error"/> with the field path it is given.
    /// </summary>
    public static PerDataset<T> Parse(JToken? token, string field, Func<JToken, string, T> read, Func<string, string, AlfcInputException> error)
    {
        switch (token)
        {
            case null or { Type: JTokenType.Null }:
                return Defaults;
            case JObject perDataset:
                var values = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
                foreach (var property in perDataset.Properties())
                {
                    if (!DatasetCatalog.Names.Contains(property.Name, StringComparer.OrdinalIgnoreCase))
                        throw error($"{field}.{property.Name}", $"unknown dataset (known: {string.Join(", ", DatasetCatalog.Names)})");
                    if (values.ContainsKey(property.Name)) throw error($"{field}.{property.Name}", "the dataset is given twice");
                    values[property.Name] = read(property.Value, $"{field}.{property.Name}");
                }
                return new PerDataset<T>(null, values);
            case JArray:
                throw error(field, "must be one value or an object mapping dataset names to values");
            default:
                return new PerDataset<T>(read(token, field), new Dictionary<string, T>());
        }
    }
}
