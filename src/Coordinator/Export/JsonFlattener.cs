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

    /// <summary>
    /// The columns among <paramref name="columns"/> that are null everywhere (<paramref name="allNull"/>) while the same
    /// field is an object elsewhere, flattened into <c>field_child</c> columns: SubPac's settings are an object in a subpac
    /// trial and null in a baseline's, which left an always-empty <c>subPac</c> beside the <c>subPac_*</c> columns.
    /// </summary>
    public static IReadOnlySet<string> EmptyParents(IReadOnlyCollection<string> columns, Func<string, bool> allNull) =>
        columns.Where(c => columns.Any(other => other.StartsWith(c + "_", StringComparison.Ordinal)) && allNull(c)).ToHashSet(StringComparer.Ordinal);

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
