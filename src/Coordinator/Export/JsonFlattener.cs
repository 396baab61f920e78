using System.Globalization;
using Newtonsoft.Json.Linq;

namespace ALfc.Coordinator.Export;

/// <summary>
/// Turns a trial's config JSON into flat (column, value) pairs for a tidy table: nested objects become
/// <c>parent_child</c> columns, lists become one text value joined by ';' (a list is one setting, such as the attacks
/// a trial evaluates, not several rows), numbers stay numbers and null stays null. Generic on purpose: a new config
/// field or a new kind of trial becomes a column without touching the export.
/// </summary>
public static class JsonFlattener
{
    public static IReadOnlyList<(string Column, object? Value)> Flatten(JObject json)
    {
        var columns = new List<(string, object?)>();
        Add(columns, "", json);
        return columns;
    }

    private static void Add(List<(string, object?)> columns, string prefix, JToken token)
    {
        if (token is JObject o)
        {
            foreach (var property in o.Properties()) Add(columns, prefix.Length == 0 ? property.Name : $"{prefix}_{property.Name}", property.Value);
            return;
        }
        columns.Add((prefix, Scalar(token)));
    }

    private static object? Scalar(JToken token) => token.Type switch
    {
        JTokenType.Null or JTokenType.Undefined => null,
        JTokenType.Integer => token.Value<long>(),
        JTokenType.Float => token.Value<double>(),
        JTokenType.Boolean => token.Value<bool>(),
        JTokenType.Array => string.Join(";", token.Children().Select(c => Scalar(c) switch
        {
            null => "",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            var v => v.ToString() ?? "",
        })),
        JTokenType.Object => token.ToString(Newtonsoft.Json.Formatting.None),
        _ => token.Value<string>(),
    };
}
