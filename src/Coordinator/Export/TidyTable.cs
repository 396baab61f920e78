namespace ALfc.Coordinator.Export;

/// <summary>The type of a tidy table's column, inferred from its values (a column of whole numbers and fractions is fractional).</summary>
public enum TidyType { Integer, Real, Boolean, Text }

/// <summary>A column of a <see cref="TidyTable"/>: its name and type; every column may hold nulls.</summary>
public sealed record TidyColumn(string Name, TidyType Type);

/// <summary>
/// One tidy table: a fixed list of columns and one row per observation, each value a long, double, bool, string or null
/// as its column's type says. The CSV and Parquet writers both take it, so the two files hold the same table.
/// </summary>
public sealed record TidyTable(IReadOnlyList<TidyColumn> Columns, IReadOnlyList<object?[]> Rows)
{
    /// <summary>
    /// Builds a table from rows of named values, keeping the columns in first-seen order; a row without some column
    /// holds null there (a training row has no victim, a poisoning row no eps).
    /// </summary>
    /// <remarks>
    /// Columns come in the order the rows first name them, except <paramref name="last"/>, which end the table in that
    /// order wherever they appear in the rows (rows of several kinds add their own columns after the first kind's).
    /// </remarks>
    public static TidyTable FromRows(IReadOnlyList<IReadOnlyList<(string Column, object? Value)>> rows, IReadOnlyList<string>? last = null)
    {
        last ??= [];
        var seen = rows.SelectMany(row => row.Select(c => c.Column)).Distinct(StringComparer.Ordinal).ToList();
        var names = seen.Where(n => !last.Contains(n)).Concat(last.Where(seen.Contains)).ToList();
        var index = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        var cells = rows.Select(row =>
        {
            var values = new object?[names.Count];
            foreach (var (name, value) in row) values[index[name]] = value;
            return values;
        }).ToList();
        var columns = names.Select((name, i) => new TidyColumn(name, TypeOf(cells.Select(r => r[i])))).ToList();
        // Whole numbers in a fractional column are written as fractions, so each column holds one type.
        for (int i = 0; i < columns.Count; i++)
            if (columns[i].Type == TidyType.Real)
                foreach (var r in cells) r[i] = r[i] is long l ? (double)l : r[i];
        return new TidyTable(columns, cells);
    }

    private static TidyType TypeOf(IEnumerable<object?> values)
    {
        var present = values.Where(v => v is not null).ToList();
        if (present.Count == 0) return TidyType.Text;
        if (present.All(v => v is long)) return TidyType.Integer;
        if (present.All(v => v is long or double)) return TidyType.Real;
        if (present.All(v => v is bool)) return TidyType.Boolean;
        return TidyType.Text;
    }
}
