using System.Buffers;
using System.Collections.Concurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Core.Models;

/// <summary>
/// log_softmax over the last dimension of rows with few classes, forward and backward, with libtorch's floats but without
/// its slow path for rows shorter than its vector width (see <see cref="SmallSoftmax"/>):
/// <para>forward y_ik = (z_ik - max_c z_ic) - ln Σ_c exp(z_ic - max_c z_ic), the sum left to right in float, exp and ln as
/// SLEEF's (<see cref="LibtorchExp"/>, <see cref="LibtorchLog"/>); backward ∂L/∂z_ik = g_ik - exp(y_ik) · Σ_c g_ic, with
/// the product and the difference in one FMA, as libtorch's compiled kernel has them.</para>
/// CrowdLayer takes it over every (row, worker) of a batch: 28,160 rows of 10 classes for music fused by 10, whose
/// forward and backward took 6.9 ms in libtorch (a throwaway micro-benchmark, not in the code), about half the method's
/// step. Used only for class counts where a probe found every float of both directions equal to libtorch's; anything
/// else (other class counts, other devices or types, non-contiguous rows) is libtorch's own log_softmax.
/// </summary>
internal sealed class SmallLogSoftmax : autograd.MultiTensorFunction<SmallLogSoftmax>
{
    private static readonly ConcurrentDictionary<int, bool> Matches = new();

    public override string Name => nameof(SmallLogSoftmax);

    /// <summary>log_softmax(<paramref name="logits"/>) over the last dimension, recorded for autograd when it needs a gradient.</summary>
    public static Tensor Apply(Tensor logits)
    {
        if (!Covers(logits)) return nn.functional.log_softmax(logits, -1);
        return is_grad_enabled() && logits.requires_grad ? apply(logits)[0] : Forward(logits);
    }

    /// <summary>Whether both directions give libtorch's floats for rows of <paramref name="classes"/>, on this machine.</summary>
    public static bool Ported(int classes) => ShortRows.InRange(classes) && Matches.GetOrAdd(classes, Probe);

    public override List<Tensor> forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var output = Forward((Tensor)vars[0]);
        ctx.save_for_backward([output]);
        return [output];
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, List<Tensor> gradients)
    {
        var output = ctx.get_saved_variables()[0];
        using var gradient = gradients[0].contiguous();
        var result = empty_like(output);
        Backward(TensorData.HostFloats(gradient), TensorData.HostFloats(output), TensorData.HostFloats(result), (int)output.size(-1));
        return [result];
    }

    private static bool Covers(Tensor logits) =>
        logits.dim() >= 1 && TensorData.IsHostFloat32(logits) && Ported((int)logits.size(-1));

    private static Tensor Forward(Tensor logits)
    {
        var result = empty_like(logits);
        Forward(TensorData.HostFloats(logits), TensorData.HostFloats(result), (int)logits.size(-1));
        return result;
    }

    /// <summary>The forward over rows of <paramref name="classes"/> floats, into <paramref name="output"/>.</summary>
    internal static void Forward(ReadOnlySpan<float> logits, Span<float> output, int classes)
    {
        int rows = logits.Length / classes;
        var maxes = ArrayPool<float>.Shared.Rent(rows);
        try
        {
            // output holds z - max first, then exp(z - max) (one vectorised pass), then the result.
            ShortRows.SubtractRowMax(logits, output, classes, maxes.AsSpan(0, rows));
            LibtorchExp.ExpInPlace(output[..logits.Length]);
            for (int row = 0, i = 0; i < rows; row += classes, i++)
            {
                float log = LibtorchLog.Log(ShortRows.Sum(output.Slice(row, classes)));
                // (z - max) - log, in that order, as libtorch keeps it.
                for (int c = 0; c < classes; c++) output[row + c] = logits[row + c] - maxes[i] - log;
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(maxes);
        }
    }

    /// <summary>The backward from ∂L/∂y (<paramref name="gradient"/>) and the forward's y (<paramref name="output"/>), into <paramref name="result"/>.</summary>
    internal static void Backward(ReadOnlySpan<float> gradient, ReadOnlySpan<float> output, Span<float> result, int classes)
    {
        output.CopyTo(result);
        LibtorchExp.ExpInPlace(result);
        for (int row = 0; row < gradient.Length; row += classes)
        {
            float sum = ShortRows.Sum(gradient.Slice(row, classes));
            for (int c = 0; c < classes; c++) result[row + c] = MathF.FusedMultiplyAdd(-result[row + c], sum, gradient[row + c]);
        }
    }

    private static bool Probe(int classes)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(0x1095);
        foreach (var logits in ShortRows.ProbeLogits(classes, generator))
        {
            var gradient = randn([257, classes], generator: generator);

            var reference = logits.clone().requires_grad_();
            var expected = nn.functional.log_softmax(reference, -1);
            expected.backward([gradient]);
            var actual = empty_like(logits);
            Forward(TensorData.HostFloats(logits), TensorData.HostFloats(actual), classes);
            if (TensorData.DifferingFloats(expected.detach(), actual) != 0) return false;
            var actualGradient = empty_like(logits);
            Backward(TensorData.HostFloats(gradient), TensorData.HostFloats(actual), TensorData.HostFloats(actualGradient), classes);
            if (TensorData.DifferingFloats(reference.grad!, actualGradient) != 0) return false;
        }
        return true;
    }
}
