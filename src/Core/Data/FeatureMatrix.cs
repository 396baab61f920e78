namespace ALfc.Core.Data;

/// <summary>A dense row-major float matrix of feature vectors, one row per item.</summary>
public sealed class FeatureMatrix
{
    public FeatureMatrix(int rows, int cols, float[] values)
    {
        if (rows < 0 || cols < 0) throw new ArgumentOutOfRangeException(nameof(rows), "dimensions must be non-negative");
        if (values.Length != (long)rows * cols)
            throw new ArgumentException($"expected {rows}x{cols} = {(long)rows * cols} values, got {values.Length}", nameof(values));
        Rows = rows;
        Cols = cols;
        Values = values;
    }

    public int Rows { get; }
    public int Cols { get; }

    /// <summary>Row-major storage: element (i, j) is at i * Cols + j.</summary>
    public float[] Values { get; }

    public float this[int row, int col] => Values[row * Cols + col];
}
