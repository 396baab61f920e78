using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Core.Models;

/// <summary>
/// The classifier's affine map, forward and backward, with every product from <see cref="FmaGemm"/>:
/// <para>Z = X Wᵀ + b, and with G = ∂L/∂Z: ∂L/∂X = G W, ∂L/∂W = Gᵀ X, ∂L/∂b_j = Σ_i G_ij (summed over rows in order),</para>
/// for one model (X: n x D, W: H x D, b: H) or for R stacked replicas (X: R x n x D, W: R x H x D, b: R x 1 x H), each
/// replica computed exactly as one model alone is. So a fused repetition trains to the bits of the same seed alone, on
/// any CPU, and the rest of a fused step (activations, dropout, losses, softmaxes, the optimiser) runs once over every
/// replica. Tensors on another device, or not float32, go through libtorch's <c>linear</c> and <c>matmul</c>, with
/// libtorch's own autograd, replica by replica, so that there too each replica gets one model's own operations (a
/// batched <c>bmm</c> rounded differently from <c>linear</c> on this project's CPUs; TorchSharp 0.107's <c>baddbmm</c>
/// passes its arguments in the wrong order, and <c>linear</c> refuses 3-D weights).
/// </summary>
internal sealed class Affine : autograd.MultiTensorFunction<Affine>
{
    private const string InputNeedsGradient = "x needs a gradient";
    private const string WeightsNeedGradient = "w and b need gradients";

    public override string Name => nameof(Affine);

    /// <summary>Z = X Wᵀ + b (per replica when the weights are 3-D); with gradients on, records the backward above.</summary>
    public static Tensor Apply(Tensor x, Tensor w, Tensor b)
    {
        CheckShapes(x, w, b);
        if (!OnHost(x) || !OnHost(w) || !OnHost(b))
        {
            if (w.dim() == 2) return nn.functional.linear(x, w, b);
            using var scope = NewDisposeScope();
            return stack(Enumerable.Range(0, (int)w.shape[0]).Select(r => nn.functional.linear(x[r], w[r], b[r][0])).ToArray(), 0)
                .MoveToOuterDisposeScope();
        }
        bool recorded = is_grad_enabled() && (x.requires_grad || w.requires_grad || b.requires_grad);
        return recorded ? apply(x, w, b)[0] : Forward(x, w, b);
    }

    /// <summary>
    /// C = A B per replica, A and B as <see cref="FmaGemm"/>'s Multiply reads them: <paramref name="a"/> is [R x] n x k (or
    /// k x n when <paramref name="transposeA"/>), <paramref name="b"/> [R x] k x m (or m x k when
    /// <paramref name="transposeB"/>), 2-D for one model or 3-D for R replicas. Written into <paramref name="into"/>
    /// when given (so an attack allocates nothing input-sized per step), else into a fresh tensor; returns C. Off the CPU,
    /// libtorch's matmul.
    /// </summary>
    public static Tensor Product(Tensor a, bool transposeA, Tensor b, bool transposeB, Tensor? into = null)
    {
        if (!OnHost(a) || !OnHost(b) || (into is not null && (!TensorData.IsHostFloat32(into))))
        {
            using var scope = NewDisposeScope();
            Tensor One(Tensor x, Tensor y) => (transposeA ? x.t() : x).mm(transposeB ? y.t() : y);
            var product = a.dim() == 2 ? One(a, b) : stack(Enumerable.Range(0, (int)a.shape[0]).Select(r => One(a[r], b[r])).ToArray(), 0);
            if (into is null) return product.MoveToOuterDisposeScope();
            into.copy_(product.view(into.shape));
            return into;
        }
        return OnHostProduct(a, transposeA, b, transposeB, null, into);
    }

    /// <summary>
    /// <see cref="Product"/> on the CPU, each replica's product started from its row of <paramref name="bias"/> when one is
    /// given ([R x 1 x] m floats): the one loop over replicas that the forward and the backward both run.
    /// </summary>
    private static Tensor OnHostProduct(Tensor a, bool transposeA, Tensor b, bool transposeB, Tensor? bias, Tensor? into)
    {
        using (NewDisposeScope())
        {
            (a, b, bias) = (a.contiguous(), b.contiguous(), bias?.contiguous());
            // Read once: each read is a few calls into libtorch and a new array, and this runs several times per training step.
            long[] aShape = TensorData.ShapeOf(a), bShape = TensorData.ShapeOf(b);
            bool stacked = aShape.Length == 3;
            long replicas = stacked ? aShape[0] : 1;
            int n = (int)aShape[^(transposeA ? 1 : 2)], k = (int)aShape[^(transposeA ? 2 : 1)];
            int m = (int)bShape[^(transposeB ? 2 : 1)];
            if (bShape.Length != aShape.Length || bShape[^(transposeB ? 1 : 2)] != k || (stacked && bShape[0] != replicas))
                throw new ArgumentException($"[{string.Join(", ", aShape)}] and [{string.Join(", ", bShape)}] do not multiply", nameof(b));
            if (into is not null && into.numel() != replicas * n * m)
                throw new ArgumentException($"[{string.Join(", ", into.shape)}] cannot hold a {replicas} x {n} x {m} product", nameof(into));
            var c = into ?? (stacked ? empty(replicas, n, m) : empty(n, m));
            Span<float> av = TensorData.HostFloats(a), bv = TensorData.HostFloats(b), cv = TensorData.HostFloats(c);
            Span<float> biases = bias is null ? default : TensorData.HostFloats(bias);
            for (int r = 0; r < replicas; r++)
                FmaGemm.Multiply(av.Slice(r * n * k, n * k), transposeA, bv.Slice(r * k * m, k * m), transposeB, n, k, m, cv.Slice(r * n * m, n * m),
                    bias is null ? default : biases.Slice(r * m, m));
            return into ?? c.MoveToOuterDisposeScope();
        }
    }

    public override List<Tensor> forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (x, w, b) = ((Tensor)vars[0], (Tensor)vars[1], (Tensor)vars[2]);
        ctx.save_for_backward([x, w]);
        ctx.save_data(InputNeedsGradient, x.requires_grad);
        ctx.save_data(WeightsNeedGradient, w.requires_grad || b.requires_grad);
        return [Forward(x, w, b)];
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, List<Tensor> gradients)
    {
        using var scope = NewDisposeScope();
        var saved = ctx.get_saved_variables();
        var (x, w) = (saved[0], saved[1]);
        var g = gradients[0].contiguous(); // read directly by ColumnSums
        Tensor? gx = null, gw = null, gb = null;
        if ((bool)ctx.get_data(InputNeedsGradient)) gx = Product(g, false, w, false).MoveToOuterDisposeScope();
        if ((bool)ctx.get_data(WeightsNeedGradient))
        {
            gw = Product(g, true, x, false).MoveToOuterDisposeScope();
            gb = ColumnSums(g, w.dim() == 3).MoveToOuterDisposeScope();
        }
        return [gx!, gw!, gb!];
    }

    private static Tensor Forward(Tensor x, Tensor w, Tensor b) => OnHostProduct(x, false, w, true, b, null);

    /// <summary>Σ over the rows of each replica's G, row by row in order (b's shape: H, or R x 1 x H).</summary>
    private static Tensor ColumnSums(Tensor g, bool stacked)
    {
        long[] shape = TensorData.ShapeOf(g);
        long replicas = stacked ? shape[0] : 1;
        int n = (int)shape[^2], h = (int)shape[^1];
        var sums = stacked ? empty(replicas, 1, h) : empty(h);
        Span<float> gv = TensorData.HostFloats(g), sv = TensorData.HostFloats(sums);
        for (int r = 0; r < replicas; r++) ColumnSums(gv.Slice(r * n * h, n * h), sv.Slice(r * h, h));
        return sums;
    }

    /// <summary>Σ over the rows of one replica's G (rows of <c>sums.Length</c> floats) into <paramref name="sums"/>: from zeros, row by row in order.</summary>
    internal static void ColumnSums(ReadOnlySpan<float> rows, Span<float> sums)
    {
        int h = sums.Length;
        sums.Clear();
        for (int i = 0; i < rows.Length; i += h)
        {
            // Each column is its own chain of additions, row by row; an element-wise add takes every column's next term.
            TensorPrimitives.Add(sums, rows.Slice(i, h), sums);
        }
    }

    /// <summary>X n x D, W H x D and b H for one model; X R x n x D, W R x H x D and b R x 1 x H for R replicas.</summary>
    private static void CheckShapes(Tensor x, Tensor w, Tensor b)
    {
        long[] xs = TensorData.ShapeOf(x), ws = TensorData.ShapeOf(w), bs = TensorData.ShapeOf(b);
        bool fits = ws.Length switch
        {
            2 => xs.Length == 2 && xs[1] == ws[1] && bs.Length == 1 && bs[0] == ws[0],
            3 => xs.Length == 3 && xs[0] == ws[0] && xs[2] == ws[2]
                && bs.Length == 3 && bs[0] == ws[0] && bs[1] == 1 && bs[2] == ws[1],
            _ => false,
        };
        if (!fits)
            throw new ArgumentException($"x [{string.Join(", ", xs)}], w [{string.Join(", ", ws)}] and b [{string.Join(", ", bs)}] are not an affine map", nameof(w));
    }

    private static bool OnHost(Tensor t) => t.device_type == DeviceType.CPU && t.dtype == ScalarType.Float32;
}
