using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using static TorchSharp.torch;

namespace ALfc.Core.Models;

/// <summary>
/// A training step's loss and its gradient to an <see cref="MlpStack"/>'s weights, on the host, without autograd. For
/// terms t (<see cref="SoftTargetTerm"/>: inputs X_t and soft targets T_t, R·B replica-major rows, weight w_t):
/// <para>L = Σ_t w_t Σ_r mean_b -Σ_k T_t[rb, k] y_t[rb, k],  y = log softmax(z),  z = h W₂ᵀ + b₂,
/// h = (relu(a) · m) / (1 - p),  a = x W₁ᵀ + b₁,</para>
/// each replica on its own weights, with its dropout keep mask m drawn from its own stream (training mode); and back
/// through it, per term and replica, with B rows per replica:
/// <para>∂L/∂y = (-w_t / B) T_t,  ∂L/∂z_k = ∂L/∂y_k - e^(y_k) Σ_c ∂L/∂y_c,  ∂W₂ = (∂z)ᵀ h,  ∂b₂ = Σ_b ∂z,  ∂h = ∂z W₂,
/// ∂a = 0 where a ≤ 0 else (∂h / (1 - p)) · m,  ∂W₁ = (∂a)ᵀ x,  ∂b₁ = Σ_b ∂a,</para>
/// the terms' gradients added. Its floats are the ones autograd gives for <c>TrainingLoop</c>'s loss expression (the
/// loss's mul, neg and mean, then <see cref="SmallLogSoftmax"/>, <see cref="Affine"/> and <see cref="ReluDropout"/> or
/// libtorch's relu): the same <see cref="FmaGemm"/> chains, the same element-wise formulas, the same order of sums, and
/// for two terms one float addition, which commutes; <c>SoftTargetGradientTests</c> checks them bit for bit.
/// <para>Why: every ALfc method but CrowdLayer trains on soft targets, and through autograd a step of sentiment A-LFC
/// (two terms) ran some twenty libtorch operations, six managed autograd nodes with their saved tensors, and the
/// engine: about 1 ms of a 3.7 ms step that does 0.6 ms of products outside its attack (<c>perf</c>, 2026-12-06). Here
/// a step is its products and a few passes over host memory, W₁ᵀ and W₂ᵀ packed once for both terms. In alternating
/// 60-epoch benches, sentiment GT trained in 2.5 s against 3.5 s through autograd, and A-LFC in 27-28 s against 30-31 s
/// (README, "What made a trial cheaper").</para>
/// </summary>
internal sealed class SoftTargetGradient
{
    /// <summary>At most two terms: with more, autograd's order of adding their gradients is the engine's, not fixed here.</summary>
    private const int MaxTerms = 2;

    private readonly Tensor w1, b1, w2, b2;
    private readonly int replicas, inputs, hidden, classes;
    private readonly double dropoutRate;
    private readonly IReadOnlyList<MersenneTwister> dropoutStreams;
    private readonly FmaGemm.Packed[] hiddenTransposed, outputTransposed;
    private readonly float[][] gradients, termGradients;
    private readonly TermBuffers[] terms = [new(), new()];
    private float[] logitGradient = [], back = [], lossGradient = [];

    /// <summary>The gradient of a host float32 stack's weights W₁ ([R x] H x D), b₁, W₂ ([R x] K x H) and b₂, with dropout at <paramref name="dropoutRate"/>.</summary>
    public SoftTargetGradient(Tensor w1, Tensor b1, Tensor w2, Tensor b2, int replicas, double dropoutRate, IReadOnlyList<MersenneTwister> dropoutStreams)
    {
        (this.w1, this.b1, this.w2, this.b2) = (w1, b1, w2, b2);
        this.replicas = replicas;
        (hidden, inputs, classes) = ((int)w1.size(-2), (int)w1.size(-1), (int)w2.size(-2));
        this.dropoutRate = dropoutRate;
        this.dropoutStreams = dropoutStreams;
        hiddenTransposed = Enumerable.Range(0, replicas).Select(_ => new FmaGemm.Packed()).ToArray();
        outputTransposed = Enumerable.Range(0, replicas).Select(_ => new FmaGemm.Packed()).ToArray();
        gradients = new[] { w1, b1, w2, b2 }.Select(p => new float[p.numel()]).ToArray();
        termGradients = gradients.Select(g => new float[g.Length]).ToArray();
    }

    /// <summary>Whether a stack of these weights can take its gradient here: all host float32, and a managed log-softmax for its classes.</summary>
    public static bool Supports(Tensor w1, Tensor b1, Tensor w2, Tensor b2) =>
        new[] { w1, b1, w2, b2 }.All(TensorData.IsHostFloat32) && SmallLogSoftmax.Ported((int)w2.size(-2));

    /// <summary>∂L/∂W₁, ∂L/∂b₁, ∂L/∂W₂ and ∂L/∂b₂ of the last <see cref="Compute"/>, each laid out as its parameter.</summary>
    public IReadOnlyList<float[]> Gradients => gradients;

    /// <summary>Whether <paramref name="loss"/> can be computed here: one or two terms of host float32 rows shaped for the stack.</summary>
    public bool Covers(IReadOnlyList<SoftTargetTerm> loss) =>
        loss.Count is >= 1 and <= MaxTerms && loss.All(t =>
            TensorData.IsHostFloat32(t.Inputs) && TensorData.IsHostFloat32(t.Targets)
            && TensorData.ShapeOf(t.Inputs) is [var rows, var width] && width == inputs && rows > 0 && rows % replicas == 0
            && TensorData.ShapeOf(t.Targets) is [var targetRows, var k] && targetRows == rows && k == classes);

    /// <summary>
    /// Runs the forward of every term (drawing the dropout masks in term order, as the model's forwards would), fills
    /// <see cref="Gradients"/>, and returns L (summed over replicas; float sums, for progress lines).
    /// </summary>
    public double Compute(IReadOnlyList<SoftTargetTerm> loss)
    {
        if (!Covers(loss)) throw new ArgumentException("the loss terms are not host float32 rows of this model's shapes", nameof(loss));
        ReadOnlySpan<float> w1v = TensorData.HostFloats(w1), w2v = TensorData.HostFloats(w2);
        for (int r = 0; r < replicas; r++)
        {
            hiddenTransposed[r].Fill(w1v.Slice(r * hidden * inputs, hidden * inputs), true, inputs, hidden);
            outputTransposed[r].Fill(w2v.Slice(r * classes * hidden, classes * hidden), true, hidden, classes);
        }
        double value = 0;
        for (int t = 0; t < loss.Count; t++) value += loss[t].Weight * Forward(loss[t], terms[t]);
        for (int t = 0; t < loss.Count; t++)
        {
            Backward(loss[t], terms[t], t == 0 ? gradients : termGradients);
            if (t > 0)
                for (int p = 0; p < gradients.Length; p++) TensorPrimitives.Add(gradients[p], termGradients[p], gradients[p]);
        }
        return value;
    }

    /// <summary>One term's forward into its buffers; returns Σ_r mean_b -Σ_k T y.</summary>
    private double Forward(SoftTargetTerm term, TermBuffers s)
    {
        int rows = (int)term.Inputs.size(0), n = rows / replicas;
        FlopCount.Forward(rows, inputs, hidden, classes, withGradients: true);
        s.Grow(rows * hidden, rows * classes, dropoutRate > 0);
        ReadOnlySpan<float> x = TensorData.HostFloats(term.Inputs), b1v = TensorData.HostFloats(b1), b2v = TensorData.HostFloats(b2);
        Span<float> a = s.A.AsSpan(0, rows * hidden), h = s.H.AsSpan(0, rows * hidden);
        for (int r = 0; r < replicas; r++)
            FmaGemm.Multiply(x.Slice(r * n * inputs, n * inputs), false, hiddenTransposed[r], n, a.Slice(r * n * hidden, n * hidden), b1v.Slice(r * hidden, hidden));
        if (dropoutRate > 0)
        {
            var u = s.U.AsSpan(0, rows * hidden);
            for (int r = 0; r < replicas; r++) dropoutStreams[r].FillUniform(u.Slice(r * n * hidden, n * hidden));
            ReluDropout.Forward(a, u, dropoutRate, h);
        }
        else
        {
            a.CopyTo(h);
            FrozenMlp.Relu(h);
        }
        Span<float> z = s.Z.AsSpan(0, rows * classes), y = s.Y.AsSpan(0, rows * classes);
        for (int r = 0; r < replicas; r++)
            FmaGemm.Multiply(h.Slice(r * n * hidden, n * hidden), false, outputTransposed[r], n, z.Slice(r * n * classes, n * classes), b2v.Slice(r * classes, classes));
        SmallLogSoftmax.Forward(z, y, classes);
        ReadOnlySpan<float> targets = TensorData.HostFloats(term.Targets);
        double value = 0;
        for (int r = 0; r < replicas; r++)
        {
            float sum = 0;
            for (int i = r * n * classes; i < (r + 1) * n * classes; i++) sum += targets[i] * y[i];
            value -= sum / n;
        }
        return value;
    }

    /// <summary>One term's weight gradients into <paramref name="into"/> (W₁, b₁, W₂, b₂), from its forward's buffers.</summary>
    private void Backward(SoftTargetTerm term, TermBuffers s, float[][] into)
    {
        int rows = (int)term.Inputs.size(0), n = rows / replicas;
        ReadOnlySpan<float> x = TensorData.HostFloats(term.Inputs), targets = TensorData.HostFloats(term.Targets), w2v = TensorData.HostFloats(w2);
        Grow(ref lossGradient, rows * classes);
        Grow(ref logitGradient, rows * classes);
        Grow(ref back, n * hidden);
        // -w (the weight's Scalar as a float, then mean's division by the rows) times each target: mul, neg and mean's
        // backward, then the product's with the targets.
        float scale = -(float)term.Weight / n;
        Span<float> g = lossGradient.AsSpan(0, rows * classes), gz = logitGradient.AsSpan(0, rows * classes), gh = back.AsSpan(0, n * hidden);
        for (int i = 0; i < g.Length; i++) g[i] = scale * targets[i];
        SmallLogSoftmax.Backward(g, s.Y.AsSpan(0, rows * classes), gz, classes);
        for (int r = 0; r < replicas; r++)
        {
            var gzr = gz.Slice(r * n * classes, n * classes);
            ReadOnlySpan<float> ar = s.A.AsSpan(r * n * hidden, n * hidden), hr = s.H.AsSpan(r * n * hidden, n * hidden);
            FmaGemm.Multiply(gzr, true, hr, false, classes, n, hidden, into[2].AsSpan(r * classes * hidden, classes * hidden));
            Affine.ColumnSums(gzr, into[3].AsSpan(r * classes, classes));
            FmaGemm.Multiply(gzr, false, w2v.Slice(r * classes * hidden, classes * hidden), false, n, classes, hidden, gh);
            if (dropoutRate > 0) ReluDropout.Backward(ar, s.U.AsSpan(r * n * hidden, n * hidden), gh, dropoutRate, gh);
            else ReluBackward(gh, hr);
            FmaGemm.Multiply(gh, true, x.Slice(r * n * inputs, n * inputs), false, hidden, n, inputs, into[0].AsSpan(r * hidden * inputs, hidden * inputs));
            Affine.ColumnSums(gh, into[1].AsSpan(r * hidden, hidden));
        }
    }

    /// <summary>relu's backward as libtorch's threshold_backward on its output: 0 where h ≤ 0, the gradient elsewhere (NaN h included).</summary>
    private static void ReluBackward(Span<float> g, ReadOnlySpan<float> h)
    {
        int i = 0;
        for (; i + Vector<float>.Count <= g.Length; i += Vector<float>.Count)
            Vector.ConditionalSelect(Vector.LessThanOrEqual(new Vector<float>(h[i..]), Vector<float>.Zero), Vector<float>.Zero, new Vector<float>(g[i..])).CopyTo(g[i..]);
        for (; i < g.Length; i++) g[i] = h[i] <= 0 ? 0f : g[i];
    }

    private static void Grow(ref float[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new float[length];
    }

    /// <summary>A term's activations between its forward and backward: a, h, the dropout draws u, the logits z and y = log softmax(z).</summary>
    private sealed class TermBuffers
    {
        public float[] A = [], H = [], U = [], Z = [], Y = [];

        public void Grow(int hiddenValues, int logitValues, bool draws)
        {
            SoftTargetGradient.Grow(ref A, hiddenValues);
            SoftTargetGradient.Grow(ref H, hiddenValues);
            if (draws) SoftTargetGradient.Grow(ref U, hiddenValues);
            SoftTargetGradient.Grow(ref Z, logitValues);
            SoftTargetGradient.Grow(ref Y, logitValues);
        }
    }
}
