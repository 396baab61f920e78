using ALfc.Core.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Core.Models;

/// <summary>
/// Conversions between the data layer's arrays and tensors: float32 features and targets, int64 labels and
/// indices, created straight on the trial's device; and the way back, through host memory when the tensor
/// lives on a GPU (data&lt;T&gt;() reads only CPU memory).
/// </summary>
public static class TensorData
{
    public static Tensor Features(FeatureMatrix m, Device device) => tensor(m.Values, [m.Rows, m.Cols], device: device);

    public static Tensor Rows(double[,] m, Device device)
    {
        int n = m.GetLength(0), k = m.GetLength(1);
        var values = new float[n * k];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < k; c++) values[i * k + c] = (float)m[i, c];
        return tensor(values, [n, k], device: device);
    }

    public static Tensor Rows(float[] values, int columns, Device device) =>
        tensor(values, [values.Length / columns, columns], device: device);

    public static Tensor Labels(IReadOnlyList<int> labels, Device device) => Indices(labels.Select(l => (long)l).ToArray(), device);

    public static Tensor Indices(long[] values, Device device) => tensor(values, device: device);

    public static float[] Floats(Tensor t) => Read<float>(t);

    public static long[] Longs(Tensor t) => Read<long>(t);

    /// <summary>
    /// <paramref name="t"/> on <paramref name="device"/>: itself when it is already there, else a copy (the caller's
    /// dispose scope owns both). Random draws go through here, since TorchSharp 0.107 has only CPU generators.
    /// </summary>
    public static Tensor ToDevice(Tensor t, Device device) =>
        t.device_type == device.type && (device.type == DeviceType.CPU || t.device_index == device.index) ? t : t.to(device);

    /// <summary>
    /// <paramref name="t"/>'s sizes, as <c>t.shape</c> gives them, read with <c>dim()</c> and <c>size(i)</c>. Why:
    /// TorchSharp's <c>shape</c> fills its array through a callback from native code, about 2 µs a read, against about
    /// 20 ns for each <c>size(i)</c> (a throwaway micro-benchmark, 2026-12-06), and an attack step and a training step read
    /// shapes several times each.
    /// </summary>
    public static long[] ShapeOf(Tensor t)
    {
        var sizes = new long[t.dim()];
        for (int i = 0; i < sizes.Length; i++) sizes[i] = t.size(i);
        return sizes;
    }

    /// <summary>Whether <paramref name="t"/>'s floats can be read and written in place from managed code: contiguous float32 in CPU memory.</summary>
    public static bool IsHostFloat32(Tensor t) => t.device_type == DeviceType.CPU && t.dtype == ScalarType.Float32 && t.is_contiguous();

    /// <summary>
    /// The memory of a tensor that <see cref="IsHostFloat32"/> accepts, as floats. Writing a parameter through it skips
    /// autograd's version counter, which in-place tensor operations bump: only write where no graph holds the old values.
    /// </summary>
    public static Span<float> HostFloats(Tensor t) => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(t.bytes);

    /// <summary>How many floats of two same-sized tensors differ in their bits (so -0 differs from 0, and equal NaNs do not).</summary>
    public static int DifferingFloats(Tensor expected, Tensor actual)
    {
        var (e, a) = (Floats(expected), Floats(actual));
        if (e.Length != a.Length) throw new ArgumentException($"{e.Length} floats against {a.Length}", nameof(actual));
        int differing = 0;
        for (int i = 0; i < e.Length; i++)
            if (BitConverter.SingleToInt32Bits(e[i]) != BitConverter.SingleToInt32Bits(a[i])) differing++;
        return differing;
    }

    public static long[] AllRows(int n) => Enumerable.Range(0, n).Select(i => (long)i).ToArray();

    private static T[] Read<T>(Tensor t) where T : unmanaged
    {
        using var scope = NewDisposeScope();
        // contiguous() and cpu() return new handles even when nothing moves; the scope releases them.
        var host = t.device_type == DeviceType.CPU ? t.contiguous() : t.cpu().contiguous();
        return host.data<T>().ToArray();
    }
}
