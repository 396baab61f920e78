using ALfc.Core.Data;
using static TorchSharp.torch;

namespace ALfc.Core.Training;

/// <summary>Conversions between the data layer's arrays and float32 tensors.</summary>
public static class TensorData
{
    public static Tensor Features(FeatureMatrix m) => tensor(m.Values, [m.Rows, m.Cols]);

    public static Tensor Rows(double[,] m)
    {
        int n = m.GetLength(0), k = m.GetLength(1);
        var values = new float[n * k];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < k; c++) values[i * k + c] = (float)m[i, c];
        return tensor(values, [n, k]);
    }

    public static Tensor Rows(float[] values, int columns) => tensor(values, [values.Length / columns, columns]);

    public static Tensor Labels(IReadOnlyList<int> labels) => tensor(labels.Select(l => (long)l).ToArray());

    public static float[] Floats(Tensor t)
    {
        // contiguous() returns a new handle even when no copy is made; it must be disposed like any tensor.
        using var dense = t.contiguous();
        return dense.data<float>().ToArray();
    }

    public static long[] AllRows(int n) => Enumerable.Range(0, n).Select(i => (long)i).ToArray();
}
