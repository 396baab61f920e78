using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace ALfc.Coordinator.Export;

/// <summary>Writes a <see cref="TidyTable"/> as one Parquet file (Parquet.Net), every column nullable and typed as the table says.</summary>
public static class TidyParquet
{
    public static async Task Write(TidyTable table, Stream stream)
    {
        var fields = table.Columns.Select(c => new DataField(c.Name, c.Type switch
        {
            TidyType.Integer => typeof(long?),
            TidyType.Real => typeof(double?),
            TidyType.Boolean => typeof(bool?),
            _ => typeof(string),
        }, isNullable: true)).ToArray();
        var rows = table.Rows.Select(row =>
        {
            IDictionary<string, object?> values = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (int i = 0; i < row.Length; i++)
                values[table.Columns[i].Name] = table.Columns[i].Type == TidyType.Text && row[i] is { } v and not string ? TidyCsv.Format(v) : row[i];
            return values;
        }).ToList();
        await ParquetSerializer.SerializeUntypedAsync(rows, new ParquetSchema(fields), stream);
    }
}
