using System.Buffers;
using System.Collections.Concurrent;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Core.Models;

/// <summary>
/// softmax over the last dimension of rows with few classes, with libtorch's very floats but without its slow path:
/// <para>p_ik = e_ik · (1 / Σ_c e_ic), e_ik = exp(z_ik - max_c z_ic), the sum taken left to right in float,</para>
/// which is what libtorch's CPU kernel does for a row shorter than its vector width (16 floats with AVX-512, 8 with AVX2):
/// a max, SLEEF's exp (<see cref="LibtorchExp"/>), a sequential sum, one reciprocal and a product. For such rows that
/// kernel loads, reduces and stores every row through partial vectors, one lane at a time, and was slow for it: on this
/// project's AMD EPYC a 640 x 10 softmax took 96 µs against 11 µs for 640 x 16, and A-LFC's training attack takes two
/// per step over every fused repetition's rows. The same rows here take 14 µs.
/// <para>The floats are measured, not assumed: the first time a class count is met, both forms run on draws that reach
/// every branch (small and large spreads, ties, -∞, values that underflow), and this path is used only if every float
/// matches, for that class count, for the rest of the process. Otherwise (another CPU's vector width, another libtorch),
/// and for tensors it does not cover (not float32 contiguous rows on the CPU, or needing a gradient), libtorch computes it.</para>
/// </summary>
internal static class SmallSoftmax
{
    private static readonly ConcurrentDictionary<int, bool> Matches = new();

    /// <summary>softmax(<paramref name="logits"/>) over the last dimension, with libtorch's floats.</summary>
    public static Tensor Softmax(Tensor logits)
    {
        long[] shape = TensorData.ShapeOf(logits);
        if (!Covers(logits, shape)) return nn.functional.softmax(logits, -1);
        var result = empty_like(logits);
        Rows(TensorData.HostFloats(logits), TensorData.HostFloats(result), (int)shape[1]);
        return result;
    }

    /// <summary>
    /// softmax(z) - softmax(z + ℓ) over the last dimension (the gradient of A-LFC's crowd likelihood), with the floats of
    /// that expression in libtorch: z + ℓ rounded to float first, each softmax as <see cref="Softmax"/>, then the difference.
    /// </summary>
    public static Tensor Difference(Tensor logits, Tensor offsets)
    {
        long[] shape = TensorData.ShapeOf(logits);
        if (!Covers(logits, shape) || !TensorData.IsHostFloat32(offsets) || !TensorData.ShapeOf(offsets).SequenceEqual(shape) || offsets.requires_grad)
            return nn.functional.softmax(logits, -1).sub_(nn.functional.softmax(logits.add(offsets, LiveScalars.One), -1));
        var result = empty_like(logits);
        Difference(TensorData.HostFloats(logits), TensorData.HostFloats(offsets), TensorData.HostFloats(result), (int)shape[1]);
        return result;
    }

    /// <summary>
    /// The kernel of <see cref="Difference(Tensor, Tensor)"/>: the floats of <see cref="Rows"/> of z and of z + ℓ, then
    /// their difference, in three passes instead of six (the sums, both row maxes and subtractions, then both exps, then
    /// both normalisations and the difference): the same operations on every float, in the same order. With the row max
    /// as a vector reduction (<see cref="ShortRows.RowMax"/>), 640 rows of 10 (music fused by 10) took 24-25 µs against
    /// 33-40 µs (a throwaway micro-benchmark, 2026-12-06); A-LFC's training attack takes one per step.
    /// </summary>
    internal static void Difference(ReadOnlySpan<float> z, ReadOnlySpan<float> offsets, Span<float> output, int classes)
    {
        var buffer = ArrayPool<float>.Shared.Rent(z.Length);
        try
        {
            var shifted = buffer.AsSpan(0, z.Length);
            // Element-wise sums round the same in vectors as one at a time.
            TensorPrimitives.Add(z, offsets, shifted);
            // ShortRows.SubtractRowMax of both, row by row in one pass: as two passes it cost the training attack's
            // gradient about a fifth more (perf samples of a music A-LFC bench, 2026-12-06).
            for (int row = 0; row < z.Length; row += classes)
            {
                float max = ShortRows.RowMax(z, row, classes), shiftedMax = ShortRows.RowMax(shifted, row, classes);
                for (int c = row; c < row + classes; c++)
                {
                    output[c] = z[c] - max;
                    shifted[c] -= shiftedMax;
                }
            }
            LibtorchExp.ExpInPlace(output[..z.Length]);
            LibtorchExp.ExpInPlace(shifted);
            for (int row = 0; row < z.Length; row += classes)
            {
                float inverse = 1 / ShortRows.Sum(output.Slice(row, classes)), shiftedInverse = 1 / ShortRows.Sum(shifted.Slice(row, classes));
                for (int c = row; c < row + classes; c++) output[c] = output[c] * inverse - shifted[c] * shiftedInverse;
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>Whether the managed path gives libtorch's floats for rows of <paramref name="classes"/>, on this machine.</summary>
    public static bool Ported(int classes) =>
        ShortRows.InRange(classes) && Matches.GetOrAdd(classes, Probe);

    /// <summary>Whether the managed path takes <paramref name="logits"/>, whose shape the caller has read once (<see cref="TensorData.ShapeOf"/>: calls into libtorch).</summary>
    private static bool Covers(Tensor logits, long[] shape) =>
        shape.Length == 2 && TensorData.IsHostFloat32(logits) && !logits.requires_grad && Ported((int)shape[1]);

    /// <summary>The kernel: <paramref name="output"/> may be <paramref name="logits"/> itself.</summary>
    private static void Rows(ReadOnlySpan<float> logits, Span<float> output, int classes)
    {
        ShortRows.SubtractRowMax(logits, output, classes);
        LibtorchExp.ExpInPlace(output[..logits.Length]);
        for (int row = 0; row < logits.Length; row += classes)
        {
            float inverse = 1 / ShortRows.Sum(output.Slice(row, classes));
            for (int c = 0; c < classes; c++) output[row + c] *= inverse;
        }
    }

    private static bool Probe(int classes)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var generator = new Generator(0x50f7);
        foreach (var logits in ShortRows.ProbeLogits(classes, generator))
        {
            var expected = nn.functional.softmax(logits, -1);
            var actual = empty_like(logits);
            Rows(TensorData.HostFloats(logits), TensorData.HostFloats(actual), classes);
            if (TensorData.DifferingFloats(expected, actual) != 0) return false;
        }
        return true;
    }
}
