namespace ALfc.Core.Data.Io;

/// <summary>An array read from a .npy file, widened to double, with its shape and original dtype.</summary>
public sealed record NpyArray(int[] Shape, string Dtype, double[] Values)
{
    public long Count => Values.LongLength;

    /// <summary>Rows = first dimension, Cols = the product of the rest (N x 4 x 4 x 512 becomes N x 8192); <see cref="Npy.Read"/> has checked it fits an int.</summary>
    public (int Rows, int Cols) AsMatrix() =>
        Shape.Length == 0 ? (1, 1) : (Shape[0], Shape.Skip(1).Aggregate(1, (a, b) => a * b));
}
