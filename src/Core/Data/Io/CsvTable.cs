using System.Globalization;

namespace ALfc.Core.Data.Io;

/// <summary>
/// A CSV file with a header row, read whole. Fields may be double-quoted (with "" escapes);
/// LF, CRLF and bare CR line endings are all accepted because Rodrigues' AMT exports use CR.
/// Every accessor that can fail names the file, the 1-based line and the column.
/// </summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;

    private CsvTable(string path, string[] header, List<(int Line, string[] Fields)> rows)
    {
        Path = path;
        Header = header;
        Rows = rows;
        _columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < header.Length; i++) _columns.TryAdd(header[i], i);
    }

    public string Path { get; }
    public string[] Header { get; }

    /// <summary>Data rows with their 1-based line numbers in the file.</summary>
    public List<(int Line, string[] Fields)> Rows { get; }

    public static CsvTable Read(string path)
    {
        InputFile.Require(path);
        var text = TextFile.Read(path);
        var lines = text.Split(["\r\n", "\r", "\n"], StringSplitOptions.None);
        int first = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (first < 0) throw AlfcInputException.In(path, "empty file (expected a header row)");
        var header = SplitFields(lines[first], path, first + 1).Select(h => h.Trim()).ToArray();
        var rows = new List<(int, string[])>();
        for (int i = first + 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            var fields = SplitFields(lines[i], path, i + 1);
            if (fields.Length != header.Length)
                throw AlfcInputException.At(path, i + 1, $"{fields.Length} fields, header has {header.Length}");
            rows.Add((i + 1, fields));
        }
        return new CsvTable(path, header, rows);
    }

    public int Column(string name) =>
        _columns.TryGetValue(name, out var index) ? index : throw AlfcInputException.In(Path, $"missing column '{name}'");

    public bool HasColumn(string name) => _columns.ContainsKey(name);

    public float Float(int row, int column)
    {
        var (line, fields) = Rows[row];
        if (float.TryParse(fields[column], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && float.IsFinite(value))
            return value;
        throw AlfcInputException.At(Path, line, $"column '{Header[column]}': '{fields[column]}' is not a finite number");
    }

    public string Text(int row, int column)
    {
        var value = Rows[row].Fields[column].Trim();
        if (value.Length == 0) throw AlfcInputException.At(Path, Rows[row].Line, $"column '{Header[column]}' is empty");
        return value;
    }

    private static string[] SplitFields(string line, string path, int lineNumber)
    {
        if (!line.Contains('"')) return line.Split(',');
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else current.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        if (quoted) throw AlfcInputException.At(path, lineNumber, "unterminated quoted field");
        fields.Add(current.ToString());
        return fields.ToArray();
    }
}
