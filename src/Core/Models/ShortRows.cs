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
            float max = logits[row];
            for (int c = 1; c < classes; c++)
            {
                float v = logits[row + c];
                if (v > max || float.IsNaN(v)) max = v;
            }
            if (!maxes.IsEmpty) maxes[i] = max;
            for (int c = 0; c < classes; c++) output[row + c] = logits[row + c] - max;
        }
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
