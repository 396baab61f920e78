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
        var text = ReadText(path);
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

    /// <summary>
    /// The file's text: UTF-8 (a UTF-8 byte-order mark is dropped), or UTF-16/32 when its byte-order mark says so.
    /// Bytes that are not valid UTF-8 are refused with their line, not replaced by U+FFFD: replaced, two worker ids
    /// such as "w\xe9" and "w\xe8" (Latin-1) both became "w\ufffd" and were silently merged into one worker.
    /// </summary>
    private static string ReadText(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bool utf16or32 = bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF))
                         || bytes.Length >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0xFE && bytes[3] == 0xFF;
        if (utf16or32)
        {
            using var reader = new StreamReader(new MemoryStream(bytes), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        var span = bytes.AsSpan(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0);
        var chars = new char[span.Length];
        if (System.Text.Unicode.Utf8.ToUtf16(span, chars, out int read, out int written, replaceInvalidSequences: false) == System.Buffers.OperationStatus.Done)
            return new string(chars, 0, written);
        // Lines as Read splits them: "\r\n", "\r" or "\n" each end one.
        int line = 1;
        for (int x = 0; x < read; x++)
            if (span[x] == (byte)'\n' || (span[x] == (byte)'\r' && (x + 1 >= span.Length || span[x + 1] != (byte)'\n'))) line++;
        throw AlfcInputException.At(path, line, $"not valid UTF-8 text (byte 0x{span[read]:X2}); save the file as UTF-8");
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
