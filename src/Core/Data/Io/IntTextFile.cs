using System.Globalization;

namespace ALfc.Core.Data.Io;

/// <summary>
/// Plain-text integer files: one label per line (LabelMe_Z_*.txt) or a whitespace-separated
/// matrix with one row per line (answers.txt, -1 for no answer).
/// </summary>
public static class IntTextFile
{
    public static int[] ReadColumn(string path)
    {
        var rows = ReadRows(path);
        var values = new int[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Values.Length != 1)
                throw AlfcInputException.At(path, rows[i].Line, $"expected one integer, found {rows[i].Values.Length} fields");
            values[i] = rows[i].Values[0];
        }
        return values;
    }

    /// <summary>Reads a rectangular matrix; a ragged row is an error naming its line.</summary>
    public static (int Rows, int Cols, int[] Values) ReadMatrix(string path)
    {
        var rows = ReadRows(path);
        if (rows.Count == 0) throw AlfcInputException.In(path, "empty file");
        int cols = rows[0].Values.Length;
        var values = new int[rows.Count * cols];
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Values.Length != cols)
                throw AlfcInputException.At(path, rows[i].Line, $"ragged row: {rows[i].Values.Length} fields, the first row has {cols}");
            rows[i].Values.CopyTo(values, i * cols);
        }
        return (rows.Count, cols, values);
    }

    private static List<(int Line, int[] Values)> ReadRows(string path)
    {
        InputFile.Require(path);
        var result = new List<(int, int[])>();
        int lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0) continue;
            var values = new int[fields.Length];
            for (int j = 0; j < fields.Length; j++)
                if (!int.TryParse(fields[j], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out values[j]))
                    throw AlfcInputException.At(path, lineNumber, $"field {j + 1}: '{fields[j]}' is not an integer");
            result.Add((lineNumber, values));
        }
        return result;
    }
}
