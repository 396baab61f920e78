using System.Runtime.Intrinsics;
using ALfc.Core.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ALfc.Core.Training;

/// <summary>
/// Adam (Kingma &amp; Ba 2015, arXiv:1412.6980) as TorchSharp's <c>optim.Adam</c> computes it without weight decay or
/// AMSGrad, with step t, gradient g and the bias corrections c₁ = 1 - β₁ᵗ, c₂ = 1 - β₂ᵗ:
/// <para>m ← β₁m + (1 - β₁)g,   v ← β₂v + (1 - β₂)g²,   θ ← θ - (lr/c₁)·m / (√v / √c₂ + ε).</para>
/// Why not <c>optim.Adam</c>: its step runs nine tensor operations per parameter, two of them allocating a
/// parameter-sized temporary, so it streams each parameter through memory about twenty times. On a CPU this class
/// makes one pass per parameter. The per-element arithmetic is libtorch's, in its order and with its roundings, but
/// for the square root:
/// <list type="bullet">
/// <item>m: β₁m rounded, then a fused multiply-add with (1 - β₁)g (ATen's add with alpha);</item>
/// <item>v: β₂v rounded, then fma((1 - β₂)g, g, ·) (addcmul, as libtorch's compiler contracts it);</item>
/// <item>the denominator: √v correctly rounded (IEEE 754's square root, as the vector instructions and
/// <see cref="MathF.Sqrt"/> compute it), a true division by √c₂, then + ε;</item>
/// <item>θ: θ + ((-lr/c₁)·m)/d (addcdiv);</item>
/// <item>every scalar rounded to float32 first, as a Scalar is.</item>
/// </list>
/// Every operation is correctly rounded, so the 16-lane, 8-lane and scalar loops give the same bits on any CPU.
/// libtorch's own square root on the CPU is MKL's vector math (<c>mkl_vml_kernel_sSqrt</c> in <c>perf</c>), one ulp off
/// the correctly rounded root for 9 of 153,728 values in one measured step, and MKL picks its kernels by CPU. Until
/// 2026-12-06 this class called it between two passes, to equal <c>optim.Adam</c> bit for bit; that square root alone
/// took 65-75 µs of the 150-210 µs step of a 128 x 1200 weight, and the one pass takes 50-60 µs (a throwaway
/// micro-benchmark, one thread). Parameters that are not contiguous float32 CPU tensors, for example on a GPU, take
/// the same formula as tensor operations, with libtorch's square root (<c>optim.Adam</c>'s bit for bit; tests check
/// both paths).
/// </summary>
public sealed class AdamOptimizer : IDisposable
{
    private readonly Parameter[] parameters;
    private readonly Tensor[] firstMoments;
    private readonly Tensor[] secondMoments;
    private readonly Tensor?[] denominators;
    private readonly double learningRate, beta1, beta2, epsilon;
    private readonly bool tensorPathOnly;
    private long step;

    public AdamOptimizer(IEnumerable<Parameter> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
        : this(parameters, learningRate, beta1, beta2, epsilon, tensorPathOnly: false)
    {
    }

    /// <summary>With <paramref name="tensorPathOnly"/>, CPU parameters take the tensor path too (how tests check the GPU path's arithmetic on a CPU).</summary>
    internal AdamOptimizer(IEnumerable<Parameter> parameters, double learningRate, double beta1, double beta2, double epsilon, bool tensorPathOnly)
    {
        this.tensorPathOnly = tensorPathOnly;
        this.parameters = parameters.ToArray();
        (this.learningRate, this.beta1, this.beta2, this.epsilon) = (learningRate, beta1, beta2, epsilon);
        using var noGrad = no_grad();
        firstMoments = this.parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        secondMoments = this.parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        denominators = new Tensor?[this.parameters.Length];
    }

    /// <summary>
    /// Clears every parameter's gradient, as <c>zero_grad(set_to_none: true)</c> does (PyTorch's default since 2.0): the
    /// next backward then hands each parameter its gradient instead of adding it to zeros. Why: zeroing and then adding
    /// are two passes over every weight per step for nothing (128 x 1200 weights: 10-20 µs of a 230 µs zero, backward
    /// and accumulate, a throwaway micro-benchmark, 2026-12-06). The floats of the step are the same: 0 + g = g for
    /// every g but -0, and Adam's moments come out the same for g = -0 as for +0 ((1 - β₁)·(-0) added to β₁m gives what
    /// +0 gives unless m is itself -0, which only an underflow to zero could make; (-0)² = +0). Unlike zeros, a
    /// parameter the loss does not reach gets no gradient and so no step; every parameter of ALfc's methods is in every
    /// step's loss.
    /// </summary>
    public void ZeroGrad()
    {
        foreach (var p in parameters) p.grad = null;
    }

    /// <summary>One Adam step over every parameter that has a gradient.</summary>
    public void Step()
    {
        using var noGrad = no_grad();
        // The in-place tensor path hands back new wrappers of the same tensors; the scope releases them.
        using var scope = NewDisposeScope();
        var (s, c1, c2) = NextStep();
        for (int i = 0; i < parameters.Length; i++)
        {
            using var grad = parameters[i].grad;
            if (grad is null) continue;
            // Writing parameters in place is safe here: the step runs after backward, when no graph holds the old values.
            if (!tensorPathOnly && TensorData.IsHostFloat32(parameters[i]) && TensorData.IsHostFloat32(grad))
                Update(TensorData.HostFloats(grad), TensorData.HostFloats(firstMoments[i]), TensorData.HostFloats(secondMoments[i]),
                    TensorData.HostFloats(parameters[i]), s);
            else
                UpdateWithTensors(i, grad, c1, c2);
        }
    }

    /// <summary>
    /// One Adam step from gradients computed on the host without autograd (<see cref="Models.SoftTargetGradient"/>):
    /// <paramref name="gradients"/>[i] is parameter i's, as many floats as it holds. The same arithmetic as
    /// <see cref="Step()"/> on the same gradients; every parameter must be a contiguous float32 CPU tensor.
    /// </summary>
    internal void Step(IReadOnlyList<float[]> gradients)
    {
        if (gradients.Count != parameters.Length) throw new ArgumentException($"{gradients.Count} gradients for {parameters.Length} parameters", nameof(gradients));
        for (int i = 0; i < parameters.Length; i++)
            if (!TensorData.IsHostFloat32(parameters[i]) || gradients[i].Length != parameters[i].numel())
                throw new ArgumentException($"parameter {i} is not {gradients[i].Length} host floats", nameof(gradients));
        var (s, _, _) = NextStep();
        for (int i = 0; i < parameters.Length; i++)
            Update(gradients[i], TensorData.HostFloats(firstMoments[i]), TensorData.HostFloats(secondMoments[i]), TensorData.HostFloats(parameters[i]), s);
    }

    /// <summary>Counts the step and gives its float32 scalars and bias corrections c₁ and c₂.</summary>
    private (Scalars Scalars, double C1, double C2) NextStep()
    {
        step++;
        double c1 = 1 - Math.Pow(beta1, step), c2 = 1 - Math.Pow(beta2, step);
        var s = new Scalars((float)beta1, (float)(1 - beta1), (float)beta2, (float)(1 - beta2), (float)Math.Sqrt(c2), (float)epsilon,
            (float)-(learningRate / c1));
        return (s, c1, c2);
    }

    private readonly record struct Scalars(float Beta1, float OneMinusBeta1, float Beta2, float OneMinusBeta2, float RootC2, float Epsilon, float StepSize);

    /// <summary>m, v and θ in one pass: 16 lanes where the CPU has AVX-512, then 8, then one, each the same formula.</summary>
    private static void Update(ReadOnlySpan<float> g, Span<float> m, Span<float> v, Span<float> theta, Scalars s)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            const int w = 16;
            var (b1, a1, b2, a2) = (Vector512.Create(s.Beta1), Vector512.Create(s.OneMinusBeta1), Vector512.Create(s.Beta2), Vector512.Create(s.OneMinusBeta2));
            var (r2, eps, size) = (Vector512.Create(s.RootC2), Vector512.Create(s.Epsilon), Vector512.Create(s.StepSize));
            for (; i <= g.Length - w; i += w)
            {
                var gi = Vector512.Create(g.Slice(i, w));
                var mi = Vector512.FusedMultiplyAdd(a1, gi, Vector512.Create(m.Slice(i, w)) * b1);
                var vi = Vector512.FusedMultiplyAdd(a2 * gi, gi, Vector512.Create(v.Slice(i, w)) * b2);
                mi.CopyTo(m.Slice(i));
                vi.CopyTo(v.Slice(i));
                (Vector512.Create(theta.Slice(i, w)) + size * mi / (Vector512.Sqrt(vi) / r2 + eps)).CopyTo(theta.Slice(i));
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            const int w = 8;
            var (b1, a1, b2, a2) = (Vector256.Create(s.Beta1), Vector256.Create(s.OneMinusBeta1), Vector256.Create(s.Beta2), Vector256.Create(s.OneMinusBeta2));
            var (r2, eps, size) = (Vector256.Create(s.RootC2), Vector256.Create(s.Epsilon), Vector256.Create(s.StepSize));
            for (; i <= g.Length - w; i += w)
            {
                var gi = Vector256.Create(g.Slice(i, w));
                var mi = Vector256.FusedMultiplyAdd(a1, gi, Vector256.Create(m.Slice(i, w)) * b1);
                var vi = Vector256.FusedMultiplyAdd(a2 * gi, gi, Vector256.Create(v.Slice(i, w)) * b2);
                mi.CopyTo(m.Slice(i));
                vi.CopyTo(v.Slice(i));
                (Vector256.Create(theta.Slice(i, w)) + size * mi / (Vector256.Sqrt(vi) / r2 + eps)).CopyTo(theta.Slice(i));
            }
        }
        for (; i < g.Length; i++)
        {
            m[i] = MathF.FusedMultiplyAdd(s.OneMinusBeta1, g[i], m[i] * s.Beta1);
            v[i] = MathF.FusedMultiplyAdd(s.OneMinusBeta2 * g[i], g[i], v[i] * s.Beta2);
            theta[i] += s.StepSize * m[i] / (MathF.Sqrt(v[i]) / s.RootC2 + s.Epsilon);
        }
    }

    /// <summary>The same step as TorchSharp's tensor operations (on a GPU), with the denominator's buffer kept between steps.</summary>
    private void UpdateWithTensors(int i, Tensor grad, double c1, double c2)
    {
        firstMoments[i].mul_(LiveScalars.Of(beta1)).add_(grad, alpha: LiveScalars.Of(1 - beta1));
        secondMoments[i].mul_(LiveScalars.Of(beta2)).addcmul_(grad, grad, value: LiveScalars.Of(1 - beta2));
        var d = Denominator(i);
        // The bias corrections change every step, so their Scalars are made here and kept alive by the using.
        using var rootC2 = LiveScalars.Scoped(Math.Sqrt(c2));
        using var stepSize = LiveScalars.Scoped(-(learningRate / c1));
        d.copy_(secondMoments[i]).sqrt_().div_(rootC2).add_(LiveScalars.Of(epsilon), LiveScalars.One);
        parameters[i].addcdiv_(firstMoments[i], d, value: stepSize);
    }

    private Tensor Denominator(int i) => denominators[i] ??= empty_like(secondMoments[i]).DetachFromDisposeScope();

    public void Dispose()
    {
        foreach (var t in firstMoments.Concat(secondMoments)) t.Dispose();
        foreach (var t in denominators) t?.Dispose();
    }
}
