using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ALfc.Core.Models;

/// <summary>
/// R replicas of <see cref="Mlp"/> trained side by side as one batched model: fused repetitions. Replica r has its own
/// W₁ (H x D), b₁, W₂ (K x H), b₂, initialised exactly as <c>new Mlp(seed_r)</c> initialises them, and its own dropout
/// stream. Inputs are replica-major rows: R·n x D, replica r's n rows from row r·n; and for each replica
/// z_r = relu(x_r W₁ᵣᵀ + b₁ᵣ) W₂ᵣᵀ + b₂ᵣ.
/// <para>With R &gt; 1 the weights are stacked along a first dimension, and each affine map gives every replica the
/// floats of <see cref="Mlp"/>'s own products, forward and backward (<see cref="Affine"/>: each replica's products are
/// <see cref="FmaGemm"/>'s over its slice, computed as for one model alone), so a fused repetition trains to the same
/// bits as alone on any CPU (<c>FusedTrainingTests</c> checks every method). Everything else in a step (activations,
/// dropout, losses, softmaxes, the optimiser, the attack's steps) runs once over all replicas, which is where fusion
/// saves libtorch's per-operation overhead. With R = 1 the weights keep Mlp's shapes and every step runs Mlp's own
/// products.</para>
/// <para>The loss a method descends is the sum over replicas of each replica's own mean loss, so replica r's weights get
/// exactly the gradient they would get alone; Adam works element by element, so one optimiser over the stacked
/// parameters steps each replica as its own optimiser would.</para>
/// </summary>
public sealed class MlpStack : nn.Module<Tensor, Tensor>, IAttackableModel
{
    private readonly Parameter w1;
    private readonly Parameter b1;
    private readonly Parameter w2;
    private readonly Parameter b2;
    private readonly MlpSpec spec;
    private readonly long[] seeds;
    private readonly MersenneTwister[] dropoutStreams;

    public MlpStack(int inputs, int classes, MlpSpec spec, IReadOnlyList<long> seeds, Device device) : base("mlp-stack")
    {
        spec.Validate("model");
        if (seeds.Count < 1) throw new ArgumentException("a stack needs at least one replica", nameof(seeds));
        Inputs = inputs;
        Hidden = spec.Hidden;
        Classes = classes;
        this.spec = spec;
        this.seeds = seeds.ToArray();
        Device = device;
        // Each replica is built as an Mlp of its seed would be, and its weights copied: the same draws, by construction.
        var replicas = this.seeds.Select(s => new Mlp(inputs, classes, spec, s)).ToArray();
        try
        {
            using (no_grad())
            using (NewDisposeScope())
            {
                // One replica keeps Mlp's own 2-D shapes, so its steps run exactly Mlp's operations and nothing more; several are
                // stacked along a first dimension, biases as R x 1 x n to broadcast over the rows.
                var weights = replicas.Select(m => m.Weights).ToArray();
                Tensor Stacked(Func<(Tensor HiddenWeight, Tensor HiddenBias, Tensor OutputWeight, Tensor OutputBias), Tensor> part, bool bias)
                {
                    if (weights.Length == 1) return part(weights[0]).clone();
                    var all = stack(weights.Select(part).ToArray(), 0);
                    return (bias ? all.unsqueeze(1) : all).contiguous();
                }
                w1 = new Parameter(Stacked(w => w.HiddenWeight, bias: false));
                b1 = new Parameter(Stacked(w => w.HiddenBias, bias: true));
                w2 = new Parameter(Stacked(w => w.OutputWeight, bias: false));
                b2 = new Parameter(Stacked(w => w.OutputBias, bias: true));
                foreach (var p in new[] { w1, b1, w2, b2 }) p.DetachFromDisposeScope();
            }
            dropoutStreams = this.seeds.Select(s => new MersenneTwister((ulong)Seeds.Derive(s, "dropout"))).ToArray();
            RegisterComponents();
            if (device.type != DeviceType.CPU) this.to(device);
        }
        catch
        {
            Dispose();
            throw;
        }
        finally
        {
            foreach (var m in replicas) m.Dispose();
        }
    }

    public int Inputs { get; }
    public int Classes { get; }
    public int Hidden { get; }

    /// <summary>How many replicas (fused repetitions) the stack holds.</summary>
    public int Replicas => seeds.Length;

    /// <summary>Where the parameters live; inputs must be on the same device.</summary>
    public Device Device { get; }

    public bool IsTraining => training;

    public void SetTraining(bool training) => train(training);

    /// <summary>
    /// Logits of R·n input rows, replica-major: replica r on rows r·n to r·n + n - 1 (n rows each, a matrix of R·n x D),
    /// giving R·n x K. Each replica's rows get the floats of <see cref="Mlp"/>'s products (see <see cref="Affine"/>).
    /// </summary>
    public override Tensor forward(Tensor x)
    {
        long rows = x.size(0);
        if (rows % Replicas != 0) throw new ArgumentException($"{rows} rows do not split over {Replicas} replicas", nameof(x));
        using var scope = NewDisposeScope();
        FlopCount.Forward(rows, Inputs, Hidden, Classes, is_grad_enabled());
        var a = Layer(x, w1, b1);
        // Each replica draws its dropout mask from its own stream, as its Mlp would (inverted dropout, drawn on the CPU).
        var h = training && spec.DropoutRate > 0
            ? ReluDropout.Apply(a, MersenneTwister.Uniform(dropoutStreams, [rows, Hidden]), spec.DropoutRate)
            : nn.functional.relu(a);
        return Layer(h, w2, b2).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// ∂L/∂x of the eval-mode replicas in closed form, as <see cref="Mlp.InputGradient"/> takes it, replica by replica:
    /// ∂L/∂x_r = ((g_r W₂ᵣ) ⊙ 1[a_r &gt; 0]) W₁ᵣ, with g = ∂L/∂z from <paramref name="logitGradient"/> on the R·n x K logits.
    /// The tensor path, as <see cref="Mlp.InputGradient"/>'s: attacks on the CPU take <see cref="Freeze"/>'s.
    /// </summary>
    public void InputGradient(Tensor x, Func<Tensor, Tensor> logitGradient, Tensor gradient)
    {
        if (training) throw new InvalidOperationException("MlpStack.InputGradient needs the model in eval mode");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        FlopCount.Forward(x.size(0), Inputs, Hidden, Classes, withGradients: true);
        var h = nn.functional.relu(Layer(x, w1, b1));
        var g = logitGradient(Layer(h, w2, b2));
        // sign(relu(a)) is 1[a > 0] as floats (see Mlp.InputGradient).
        var mask = h.sign_();
        // Mlp's two products, each replica getting Mlp's floats (see Affine).
        var back = Affine.Product(Operand(g), false, w2, false).view(-1, Hidden).mul_(mask);
        Affine.Product(Operand(back), false, w1, false, into: gradient);
        FlopCount.InputBackward();
    }

    /// <summary>The parameters in the order <see cref="HostGradient"/> gives their gradients: W₁, b₁, W₂, b₂.</summary>
    internal IReadOnlyList<Parameter> Weights => [w1, b1, w2, b2];

    /// <summary>
    /// Soft-target training steps' weight gradients on the host, without autograd (<see cref="SoftTargetGradient"/>: the
    /// floats autograd gives through <see cref="forward"/> in training mode), drawing the dropout masks from this stack's
    /// streams; null when the weights are not host float32 or the class count has no managed log-softmax.
    /// </summary>
    internal SoftTargetGradient? HostGradient() =>
        SoftTargetGradient.Supports(w1, b1, w2, b2) ? new SoftTargetGradient(w1, b1, w2, b2, Replicas, spec.DropoutRate, dropoutStreams) : null;

    /// <summary>The input gradient over the current weights for one attack's steps, every replica's on the host (<see cref="FrozenMlp"/>).</summary>
    public IFrozenModel Freeze() => FrozenMlp.Of(this, w1, b1, w2, b2, Replicas);

    /// <summary>
    /// Class probabilities of R·n replica-major rows (R·n x K), in eval mode, in chunks of rows per replica as
    /// <see cref="Mlp.Probabilities"/> takes them; the mode is restored.
    /// </summary>
    public Tensor Probabilities(Tensor x, int chunk = 4096) => EvalMode.Run(this, () =>
    {
        long n = x.size(0) / Replicas;
        if (n <= chunk) return SmallSoftmax.Softmax(forward(x));
        var rows = PerReplica(x);
        var parts = new List<Tensor>();
        for (long start = 0; start < n; start += chunk)
        {
            long length = Math.Min(chunk, n - start);
            var part = rows.narrow(1, start, length).reshape(Replicas * length, Inputs);
            parts.Add(SmallSoftmax.Softmax(forward(part)).view(Replicas, length, Classes));
        }
        return cat(parts, 1).view(-1, Classes);
    });

    /// <summary>Replica <paramref name="replica"/> as a stand-alone <see cref="Mlp"/> of its seed, with its trained weights; the caller disposes it.</summary>
    public Mlp Replica(int replica)
    {
        var model = new Mlp(Inputs, Classes, spec, seeds[replica], Device);
        try
        {
            using var scope = NewDisposeScope();
            if (Replicas == 1) model.Load(w1, b1, w2, b2);
            else model.Load(w1[replica], b1[replica][0], w2[replica], b2[replica][0]);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// x Wᵀ + b per replica, on R·n replica-major rows, back as R·n rows: for one replica on its 2-D parameters, exactly
    /// as <see cref="Mlp"/> computes it; for several, on an R x n view.
    /// </summary>
    private Tensor Layer(Tensor x, Tensor w, Tensor b) => Affine.Apply(Operand(x), w, b).view(-1, w.size(-2));

    /// <summary>R·n x F rows as the weights' layout takes them: as they are for one replica (2-D weights), R x n x F for several.</summary>
    private Tensor Operand(Tensor rows) => Replicas == 1 ? rows : PerReplica(rows);

    /// <summary>R·n x F rows viewed as R x n x F.</summary>
    private Tensor PerReplica(Tensor rows) => rows.view(Replicas, -1, rows.size(1));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var p in new[] { w1, b1, w2, b2 }) p?.Dispose();
        }
        base.Dispose(disposing);
    }
}
