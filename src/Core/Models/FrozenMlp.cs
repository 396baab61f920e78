using System.Numerics;
using static TorchSharp.torch;

namespace ALfc.Core.Models;

/// <summary>
/// The input gradient of <see cref="Mlp"/> (one model) or <see cref="MlpStack"/> (R replicas, replica-major rows) on the
/// host, over weights held fixed for one attack. For replica r and its n rows x_r:
/// <para>a = x_r W₁ᵀ + b₁, h = relu(a), z = h W₂ᵀ + b₂; g = ∂L/∂z from the objective, over every replica's logits at
/// once; ∂L/∂x_r = ((g_r W₂) ⊙ 1[a &gt; 0]) W₁.</para>
/// The floats are those of the models' tensor path (<see cref="Mlp.InputGradient"/>): the products are
/// <see cref="FmaGemm"/>'s same chains; relu is libtorch's clamp_min(a, 0) (a &lt; 0 gives +0, and -0 and NaN pass
/// through); the mask is libtorch's sign(relu(a)), 1 where a &gt; 0 and 0 elsewhere, multiplied in. Both are the products'
/// epilogues, applied to each tile as it is written instead of in passes of their own over h and ∂L/∂h.
/// <para>Why: an attack step on music's 64 x 124 x 128 replicas is about 10 µs of products, and the tensor path paid
/// for packing W₁ᵀ, W₂ᵀ and W's narrow last panel, a ReLU, a sign and a mask product as libtorch operations, and an
/// autograd function's set-up, at every step. Here W and Wᵀ are packed once per attack and the rest are passes over
/// host memory.</para>
/// <para>Not reentrant on a thread: the hidden activations live in per-thread scratch between the forward and the
/// backward, so the objective's callback must not run another frozen model's gradient or logits (none does).</para>
/// </summary>
internal sealed class FrozenMlp : IFrozenModel
{
    private readonly IAttackableModel model;
    private readonly float[] hiddenBias;
    private readonly float[] outputBias;
    private readonly FmaGemm.Packed[] hiddenTransposed, hiddenRows;
    private readonly FmaGemm.Packed[] outputTransposed, outputRows;
    private readonly int replicas, inputs, hidden, classes;
    private bool disposed;

    /// <summary>Per-call scratch (h, and ∂L/∂h of one replica), per thread and grown only, so steps allocate nothing large.</summary>
    [ThreadStatic] private static float[]? activations, back;

    /// <summary>Packed operands given back by disposed frozen models on this thread, for the next attack's to fill.</summary>
    [ThreadStatic] private static Queue<FmaGemm.Packed>? pool;

    private FrozenMlp(IAttackableModel model, Tensor w1, Tensor b1, Tensor w2, Tensor b2, int replicas)
    {
        this.model = model;
        this.replicas = replicas;
        (hidden, inputs, classes) = ((int)w1.size(-2), (int)w1.size(-1), (int)w2.size(-2));
        hiddenBias = TensorData.HostFloats(b1).ToArray();
        outputBias = TensorData.HostFloats(b2).ToArray();
        // Wᵀ for the forward and W for the backward, each replica's packed once: W's last panel narrower than 16 would
        // otherwise be packed at every step, and the tile beside it run alone. Taken from the pool in the order Dispose
        // gives them back, so while a thread attacks models of one shape each buffer keeps its role (and size); between
        // shapes a buffer may grow to the largest pack it is given, and stays that size.
        ReadOnlySpan<float> w1v = TensorData.HostFloats(w1), w2v = TensorData.HostFloats(w2);
        hiddenTransposed = Packs(w1v, true, inputs, hidden);
        hiddenRows = Packs(w1v, false, hidden, inputs);
        outputTransposed = Packs(w2v, true, hidden, classes);
        outputRows = Packs(w2v, false, classes, hidden);
    }

    /// <summary>
    /// The frozen gradient of <paramref name="model"/> with weights W₁ ([R x] H x D), b₁ ([R x 1 x] H), W₂ ([R x] K x H)
    /// and b₂ ([R x 1 x] K): on the host when they are contiguous float32 CPU tensors, else the model's own tensor path.
    /// </summary>
    public static IFrozenModel Of(IAttackableModel model, Tensor w1, Tensor b1, Tensor w2, Tensor b2, int replicas)
    {
        if (model.IsTraining) throw new InvalidOperationException("an attack freezes the model in eval mode");
        return new[] { w1, b1, w2, b2 }.All(TensorData.IsHostFloat32)
            ? new FrozenMlp(model, w1, b1, w2, b2, replicas)
            : new TensorPath(model);
    }

    public void InputGradient(Tensor x, Func<Tensor, Tensor> logitGradient, Tensor gradient)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (!TensorData.IsHostFloat32(x) || !TensorData.IsHostFloat32(gradient))
        {
            // Inputs or a gradient buffer of another type or device than the weights, or not contiguous: the tensor path
            // takes (or refuses) them, with its own floats for such buffers.
            model.InputGradient(x, logitGradient, gradient);
            return;
        }
        // One read of each shape: a read is a few calls into libtorch and a new array, at every step.
        long[] shape = CheckRows(x), gradientShape = TensorData.ShapeOf(gradient);
        if (!shape.SequenceEqual(gradientShape))
            throw new ArgumentException($"the gradient [{string.Join(", ", gradientShape)}] is not shaped as x [{string.Join(", ", shape)}]", nameof(gradient));
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        int rows = (int)shape[0], n = rows / replicas;
        FlopCount.Forward(rows, inputs, hidden, classes, withGradients: true);
        var (h, dh) = (Scratch(ref activations, rows * hidden), Scratch(ref back, n * hidden));
        var logits = empty(rows, classes, ScalarType.Float32, device: CPU);
        Forward(TensorData.HostFloats(x), n, h, TensorData.HostFloats(logits));
        var g = logitGradient(logits).contiguous();
        if (!TensorData.IsHostFloat32(g) || g.numel() != (long)rows * classes)
            throw new InvalidOperationException($"the objective's logit gradient [{string.Join(", ", g.shape)}] is not {rows} x {classes} floats on the CPU");
        {
            ReadOnlySpan<float> gv = TensorData.HostFloats(g);
            Span<float> dx = TensorData.HostFloats(gradient);
            var backRows = dh.AsSpan(0, n * hidden);
            for (int r = 0; r < replicas; r++)
            {
                FmaGemm.Multiply(gv.Slice(r * n * classes, n * classes), false, outputRows[r], n, backRows, keepWherePositive: h.AsSpan(r * n * hidden, n * hidden));
                FmaGemm.Multiply(backRows, false, hiddenRows[r], n, dx.Slice(r * n * inputs, n * inputs));
            }
        }
        FlopCount.InputBackward();
    }

    public Tensor Logits(Tensor x)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (!TensorData.IsHostFloat32(x)) return TensorPath.EvalLogits(model, x);
        long[] shape = CheckRows(x);
        int rows = (int)shape[0];
        FlopCount.Forward(rows, inputs, hidden, classes, withGradients: false);
        var logits = empty(rows, classes, ScalarType.Float32, device: CPU);
        Forward(TensorData.HostFloats(x), rows / replicas, Scratch(ref activations, rows * hidden), TensorData.HostFloats(logits));
        return logits;
    }

    /// <summary>This thread's scratch <paramref name="buffer"/>, grown to at least <paramref name="length"/> floats.</summary>
    private static float[] Scratch(ref float[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length) buffer = new float[length];
        return buffer;
    }

    /// <summary>x's shape, read once, refused unless it is rows of this model's inputs over its replicas.</summary>
    private long[] CheckRows(Tensor x)
    {
        long[] shape = TensorData.ShapeOf(x);
        if (shape.Length != 2 || shape[1] != inputs || shape[0] % replicas != 0)
            throw new ArgumentException($"x [{string.Join(", ", shape)}] is not rows of {inputs} features over {replicas} replicas", nameof(x));
        return shape;
    }

    /// <summary>The forward, replica by replica over n rows each: h = relu(x W₁ᵀ + b₁) into <paramref name="h"/>, z = h W₂ᵀ + b₂ into <paramref name="z"/>.</summary>
    private void Forward(ReadOnlySpan<float> x, int n, Span<float> h, Span<float> z)
    {
        for (int r = 0; r < replicas; r++)
        {
            var a = h.Slice(r * n * hidden, n * hidden);
            FmaGemm.Multiply(x.Slice(r * n * inputs, n * inputs), false, hiddenTransposed[r], n, a, hiddenBias.AsSpan(r * hidden, hidden), relu: true);
            FmaGemm.Multiply(a, false, outputTransposed[r], n, z.Slice(r * n * classes, n * classes), outputBias.AsSpan(r * classes, classes));
        }
    }

    /// <summary>Gives the packed panels back to this thread's pool (the weights are the model's).</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        pool ??= new Queue<FmaGemm.Packed>();
        foreach (var packed in hiddenTransposed.Concat(hiddenRows).Concat(outputTransposed).Concat(outputRows)) pool.Enqueue(packed);
    }

    /// <summary>Each replica's k x m slice of <paramref name="weights"/> (stored transposed when <paramref name="transpose"/>) packed, from the pool.</summary>
    private FmaGemm.Packed[] Packs(ReadOnlySpan<float> weights, bool transpose, int k, int m)
    {
        var packs = new FmaGemm.Packed[replicas];
        for (int r = 0; r < replicas; r++)
        {
            packs[r] = pool is not null && pool.TryDequeue(out var reused) ? reused : new FmaGemm.Packed();
            packs[r].Fill(weights.Slice(r * k * m, k * m), transpose, k, m);
        }
        return packs;
    }

    /// <summary>relu(a) = clamp_min(a, 0) as libtorch computes it: max(0, a) with a kept when both are zeros or a is NaN.</summary>
    internal static void Relu(Span<float> a)
    {
        int i = 0;
        for (; i + Vector<float>.Count <= a.Length; i += Vector<float>.Count) Relu(new Vector<float>(a[i..])).CopyTo(a[i..]);
        for (; i < a.Length; i++) a[i] = Relu(a[i]);
    }

    /// <summary>clamp_min(a, 0) lane by lane: 0 where a &lt; 0, a itself elsewhere (-0 and NaN included).</summary>
    internal static Vector<float> Relu(Vector<float> a) => Vector.ConditionalSelect(Vector.LessThan(a, Vector<float>.Zero), Vector<float>.Zero, a);

    /// <summary>clamp_min(a, 0) of one value, as the vector form.</summary>
    internal static float Relu(float a) => a < 0 ? 0 : a;

    /// <summary>Off the host (a GPU) or in float64: the model's tensor path at every step.</summary>
    private sealed class TensorPath(IAttackableModel model) : IFrozenModel
    {
        public void InputGradient(Tensor x, Func<Tensor, Tensor> logitGradient, Tensor gradient) => model.InputGradient(x, logitGradient, gradient);

        public Tensor Logits(Tensor x) => EvalLogits(model, x);

        /// <summary>The model's own forward, which a frozen model is only in eval mode.</summary>
        public static Tensor EvalLogits(IAttackableModel model, Tensor x)
        {
            if (model.IsTraining) throw new InvalidOperationException("a frozen model's logits are its eval-mode forward");
            using var noGrad = no_grad();
            return model.forward(x);
        }

        public void Dispose() { }
    }
}
