using System.Globalization;
using System.Text;

namespace ALfc.Coordinator.Export;

/// <summary>
/// Writes a <see cref="TidyTable"/> as RFC 4180 CSV (header row, comma separated, quotes only where needed), numbers
/// in invariant round-trip form and nulls as empty fields, which pandas, R and DuckDB read as missing.
/// </summary>
public static class TidyCsv
{
    public static void Write(TidyTable table, TextWriter writer)
    {
        writer.Write(string.Join(",", table.Columns.Select(c => Quote(c.Name))));
        writer.Write('\n');
        var line = new StringBuilder();
        foreach (var row in table.Rows)
        {
            line.Clear();
            for (int i = 0; i < row.Length; i++)
            {
                if (i > 0) line.Append(',');
                line.Append(Quote(Format(row[i])));
            }
            writer.Write(line.Append('\n'));
        }
    }

    public static string Format(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Quote(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
}
