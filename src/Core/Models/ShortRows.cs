using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Core.Models;

/// <summary>
/// What <see cref="SmallSoftmax"/> and <see cref="SmallLogSoftmax"/> share: rows of a class count below libtorch's
/// vector width, the row's max subtracted as libtorch's kernel subtracts it, and the draws their probes compare on.
/// </summary>
internal static class ShortRows
{
    /// <summary>Above this many classes libtorch's kernels take their full-vector path on every CPU they support.</summary>
    public const int MaxClasses = 15;

    /// <summary>Whether a port can cover rows of <paramref name="classes"/> at all (its probe decides the rest).</summary>
    public static bool InRange(int classes) => classes is >= 2 and <= MaxClasses;

    /// <summary>
    /// Writes z - max_c z_c for every row into <paramref name="output"/> (which may be <paramref name="logits"/>) and, when
    /// given, each row's max into <paramref name="maxes"/>. libtorch's maximum propagates NaN.
    /// </summary>
    public static void SubtractRowMax(ReadOnlySpan<float> logits, Span<float> output, int classes, Span<float> maxes = default)
    {
        for (int row = 0, i = 0; row < logits.Length; row += classes, i++)
        {
            float max = RowMax(logits, row, classes);
            if (!maxes.IsEmpty) maxes[i] = max;
            for (int c = 0; c < classes; c++) output[row + c] = logits[row + c] - max;
        }
    }

    /// <summary>
    /// max_c of the row of <paramref name="classes"/> floats at <paramref name="row"/>, as libtorch's kernel takes it for
    /// a short row: left to right, a later value replacing the max only if greater or NaN (so a NaN wins, the last one, and
    /// of +0 and -0 the first). Where two floats of 8 lanes reach past the row and still inside <paramref name="values"/>,
    /// the max is taken as one vector reduction (max is exact, so any order gives the same float) and the loop is kept for
    /// the two cases where order shows: a NaN in the row, or a max of zero (±0). Why: the loop's data-dependent branch
    /// mispredicts about once per row, and A-LFC's training attack takes two row maxes per row at each of its steps (see
    /// <see cref="SmallSoftmax.Difference(TorchSharp.torch.Tensor, TorchSharp.torch.Tensor)"/> for what it saved).
    /// </summary>
    public static float RowMax(ReadOnlySpan<float> values, int row, int classes)
    {
        if (Vector256.IsHardwareAccelerated && classes <= 2 * Vector256<float>.Count && row + 2 * Vector256<float>.Count <= values.Length)
        {
            ref float start = ref Unsafe.Add(ref MemoryMarshal.GetReference(values), row);
            var negativeInfinity = Vector256.Create(float.NegativeInfinity);
            var lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
            var low = Vector256.ConditionalSelect(Vector256.LessThan(lanes, Vector256.Create(classes)).AsSingle(), Vector256.LoadUnsafe(ref start), negativeInfinity);
            var high = Vector256.ConditionalSelect(Vector256.LessThan(lanes, Vector256.Create(classes - Vector256<float>.Count)).AsSingle(),
                Vector256.LoadUnsafe(ref start, (nuint)Vector256<float>.Count), negativeInfinity);
            // A NaN is the only value not equal to itself; the masked lanes hold -∞.
            if (Vector256.EqualsAll(low, low) && Vector256.EqualsAll(high, high))
            {
                var eight = Vector256.MaxNative(low, high);
                var four = Vector128.MaxNative(eight.GetLower(), eight.GetUpper());
                var two = Vector128.MaxNative(four, Vector128.Shuffle(four, Vector128.Create(2, 3, 0, 1)));
                float max = Vector128.MaxNative(two, Vector128.Shuffle(two, Vector128.Create(1, 0, 3, 2))).ToScalar();
                if (max != 0) return max;
            }
        }
        float result = values[row];
        for (int c = 1; c < classes; c++)
        {
            float v = values[row + c];
            if (v > result || float.IsNaN(v)) result = v;
        }
        return result;
    }

    /// <summary>Σ of <paramref name="row"/> in float, left to right, as libtorch's kernels reduce a row shorter than a vector.</summary>
    public static float Sum(ReadOnlySpan<float> row)
    {
        float sum = row[0];
        for (int c = 1; c < row.Length; c++) sum += row[c];
        return sum;
    }

    /// <summary>
    /// A probe's draws: 257 rows of normal logits at several spreads, each with a -∞ logit, a row whose other entries
    /// underflow (exp of less than -104 is 0), as masked or saturated rows give, and a row of ties.
    /// </summary>
    public static IEnumerable<Tensor> ProbeLogits(int classes, Generator generator)
    {
        foreach (var spread in new[] { 1e-3f, 1f, 10f, 60f, 1e4f })
        {
            var logits = randn([257, classes], generator: generator).mul_(LiveScalars.Of(spread)).contiguous();
            var values = TensorData.HostFloats(logits);
            values[3] = float.NegativeInfinity;
            values[classes] = 0f;
            for (int c = 1; c < classes; c++) values[classes + c] = -200f;
            for (int c = 0; c < classes; c++) values[2 * classes + c] = 0.5f;
            yield return logits;
        }
    }
}
