using System.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Core.Models;

/// <summary>
/// The classifier's hidden activation while it trains: ReLU, then inverted dropout at rate p with keep mask
/// m_ij = 1[u_ij ≥ p] from uniform draws u,
/// <para>h = (relu(a) · m) / (1 - p),  and backward  ∂L/∂a = 0 where a ≤ 0, else (∂L/∂h / (1 - p)) · m,</para>
/// with the floats of libtorch's own operations for it, <c>relu(a)</c> (clamp_min(a, 0)), <c>mul</c> by the bool mask and
/// <c>div</c> by the scalar, and of their autograd formulas (div's backward divides, mul's multiplies by the mask,
/// relu's is threshold_backward on its output, which is ≤ 0 exactly where a ≤ 0). On the CPU, for contiguous float32
/// tensors, each direction is one vectorised pass over host memory instead of five libtorch operations (relu, ge, a
/// bool-to-float multiply, a division, and in the backward a division, a multiply and a threshold) with their
/// dispatch and three autograd nodes. Anything else (tensors on a GPU, not float32, not contiguous, or draws not shaped
/// as a) goes through libtorch's own expression and autograd, as before.
/// </summary>
internal sealed class ReluDropout : autograd.MultiTensorFunction<ReluDropout>
{
    private const string RateKey = "rate";

    public override string Name => nameof(ReluDropout);

    /// <summary>(relu(<paramref name="a"/>) · 1[<paramref name="uniform"/> ≥ rate]) / (1 - rate); the draws are on the CPU, shaped as a.</summary>
    public static Tensor Apply(Tensor a, Tensor uniform, double rate)
    {
        if (!TensorData.IsHostFloat32(a) || !TensorData.IsHostFloat32(uniform) || !TensorData.ShapeOf(a).SequenceEqual(TensorData.ShapeOf(uniform)))
        {
            var keep = TensorData.ToDevice(uniform.ge(LiveScalars.Of(rate)), a.device);
            return (nn.functional.relu(a) * keep).div(LiveScalars.Of(1 - rate));
        }
        bool recorded = is_grad_enabled() && a.requires_grad;
        return recorded ? apply(a, uniform, rate)[0] : Forward(a, uniform, rate);
    }

    public override List<Tensor> forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (a, uniform, rate) = ((Tensor)vars[0], (Tensor)vars[1], (double)vars[2]);
        ctx.save_for_backward([a, uniform]);
        ctx.save_data(RateKey, rate);
        return [Forward(a, uniform, rate)];
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, List<Tensor> gradients)
    {
        using var scope = NewDisposeScope(); // first, so the saved variables' handles are released with it
        var saved = ctx.get_saved_variables();
        var (a, uniform) = (saved[0], saved[1]);
        var g = gradients[0].contiguous();
        var result = empty_like(a);
        Backward(TensorData.HostFloats(a), TensorData.HostFloats(uniform), TensorData.HostFloats(g), (double)ctx.get_data(RateKey), TensorData.HostFloats(result));
        // One entry per argument of apply: the draws and the rate take none.
        return [result.MoveToOuterDisposeScope(), null!, null!];
    }

    private static Tensor Forward(Tensor a, Tensor uniform, double rate)
    {
        var result = empty_like(a);
        Forward(TensorData.HostFloats(a), TensorData.HostFloats(uniform), rate, TensorData.HostFloats(result));
        return result;
    }

    /// <summary>h = (relu(a) · 1[u ≥ rate]) / (1 - rate), element by element, into <paramref name="h"/>.</summary>
    internal static void Forward(ReadOnlySpan<float> av, ReadOnlySpan<float> uv, double rateValue, Span<float> h)
    {
        var (rate, scale) = Scalars(rateValue);
        int i = 0;
        var (p, s) = (new Vector<float>(rate), new Vector<float>(scale));
        for (; i + Vector<float>.Count <= h.Length; i += Vector<float>.Count)
            (FrozenMlp.Relu(new Vector<float>(av[i..])) * Keep(new Vector<float>(uv[i..]), p) / s).CopyTo(h[i..]);
        for (; i < h.Length; i++) h[i] = FrozenMlp.Relu(av[i]) * Keep(uv[i], rate) / scale;
    }

    /// <summary>∂L/∂a = 0 where a ≤ 0, else (∂L/∂h / (1 - rate)) · 1[u ≥ rate], into <paramref name="result"/> (which may be <paramref name="gv"/>).</summary>
    internal static void Backward(ReadOnlySpan<float> av, ReadOnlySpan<float> uv, ReadOnlySpan<float> gv, double rateValue, Span<float> result)
    {
        var (rate, scale) = Scalars(rateValue);
        int i = 0;
        var (p, s) = (new Vector<float>(rate), new Vector<float>(scale));
        for (; i + Vector<float>.Count <= result.Length; i += Vector<float>.Count)
        {
            var passed = new Vector<float>(gv[i..]) / s * Keep(new Vector<float>(uv[i..]), p);
            Vector.ConditionalSelect(Vector.LessThanOrEqual(new Vector<float>(av[i..]), Vector<float>.Zero), Vector<float>.Zero, passed).CopyTo(result[i..]);
        }
        for (; i < result.Length; i++) result[i] = av[i] <= 0 ? 0f : gv[i] / scale * Keep(uv[i], rate);
    }

    /// <summary>The keep mask as floats, 1 where the draw is at least the rate and 0 elsewhere (libtorch's ge, then a cast).</summary>
    private static Vector<float> Keep(Vector<float> u, Vector<float> rate) =>
        Vector.ConditionalSelect(Vector.GreaterThanOrEqual(u, rate), Vector<float>.One, Vector<float>.Zero);

    private static float Keep(float u, float rate) => u >= rate ? 1f : 0f;

    /// <summary>p and 1 - p as the float32 kernels see them: a double Scalar is rounded to the tensor's type.</summary>
    private static (float Rate, float Scale) Scalars(double rate) => ((float)rate, (float)(1 - rate));
}
