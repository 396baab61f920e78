using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ALfc.Core.Models;

/// <summary>
/// The A-LFC paper's classifier: x → Dense(H, ReLU) → Dropout(p) → Dense(K) → logits (the softmax is
/// applied by the losses). Weights are Glorot-uniform, W ~ U(-√(6/(fan_in + fan_out)), +√(...)),
/// biases zero, as Keras initialises Dense layers. Initialisation and dropout masks draw from this
/// model's own generators, seeded by the trial, so two trials in one process never share random
/// state and the same seed gives the same model on CPU (the dropout masks from <see cref="MersenneTwister"/>, libtorch's
/// stream for that seed computed in managed code). Every draw is made on the CPU and moved to
/// <see cref="Device"/>: TorchSharp 0.107 can only create CPU generators (dotnet/TorchSharp#1194), and it
/// also gives a seed the same initial weights and the same dropout masks on every device.
/// <para>The dense layers are x Wᵀ + b with Keras' shapes as <c>Linear</c> holds them (W: out x in), computed by
/// <see cref="Affine"/>: on the CPU every product is <see cref="FmaGemm"/>'s, so a model's floats depend on neither the
/// CPU nor the rows beside it.</para>
/// </summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>, IAttackableModel
{
    private readonly Parameter hiddenWeight;
    private readonly Parameter hiddenBias;
    private readonly Parameter outputWeight;
    private readonly Parameter outputBias;
    private readonly double dropoutRate;
    private readonly MersenneTwister dropoutStream;

    public Mlp(int inputs, int classes, MlpSpec spec, long seed) : this(inputs, classes, spec, seed, CPU)
    {
    }

    public Mlp(int inputs, int classes, MlpSpec spec, long seed, Device device) : base("mlp")
    {
        spec.Validate("model");
        Inputs = inputs;
        Hidden = spec.Hidden;
        Classes = classes;
        dropoutRate = spec.DropoutRate;
        hiddenWeight = new Parameter(empty(spec.Hidden, inputs));
        hiddenBias = new Parameter(empty(spec.Hidden));
        outputWeight = new Parameter(empty(classes, spec.Hidden));
        outputBias = new Parameter(empty(classes));
        // The model owns its parameters, whatever dispose scope it is made in.
        foreach (var p in OwnParameters) p.DetachFromDisposeScope();
        dropoutStream = new MersenneTwister((ulong)Seeds.Derive(seed, "dropout"));
        Device = device;
        try
        {
            using var init = new Generator((ulong)Seeds.Derive(seed, "init"));
            // In-place ops hand back a new wrapper of the same tensor; the scope releases those wrappers.
            using (no_grad())
            using (NewDisposeScope())
            {
                GlorotUniform(hiddenWeight, init);
                GlorotUniform(outputWeight, init);
                hiddenBias.zero_();
                outputBias.zero_();
            }
            RegisterComponents();
            if (device.type != DeviceType.CPU) this.to(device);
        }
        catch
        {
            // A device out of memory (or gone) must not leak the layers already made.
            Dispose();
            throw;
        }
    }

    public int Inputs { get; }
    public int Classes { get; }
    public int Hidden { get; }

    /// <summary>Where the parameters live; inputs must be on the same device.</summary>
    public Device Device { get; }

    public bool IsTraining => training;

    public void SetTraining(bool training) => train(training);

    /// <summary>Sets this model's weights to <paramref name="hiddenWeight"/> (H x D), <paramref name="hiddenBias"/> (H), <paramref name="outputWeight"/> (K x H), <paramref name="outputBias"/> (K).</summary>
    internal void Load(Tensor hiddenWeight, Tensor hiddenBias, Tensor outputWeight, Tensor outputBias)
    {
        using var noGrad = no_grad();
        this.hiddenWeight.copy_(hiddenWeight);
        this.hiddenBias.copy_(hiddenBias);
        this.outputWeight.copy_(outputWeight);
        this.outputBias.copy_(outputBias);
    }

    private Parameter[] OwnParameters => [hiddenWeight, hiddenBias, outputWeight, outputBias];

    /// <summary>The weights, as <see cref="Load"/> takes them (the live parameters, not copies).</summary>
    internal (Tensor HiddenWeight, Tensor HiddenBias, Tensor OutputWeight, Tensor OutputBias) Weights =>
        (hiddenWeight, hiddenBias, outputWeight, outputBias);

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        long rows = x.size(0);
        FlopCount.Forward(rows, Inputs, Hidden, Classes, is_grad_enabled());
        var a = Affine.Apply(x, hiddenWeight, hiddenBias);
        // Inverted dropout from this model's own stream (nn.Dropout would use the global generator), drawn on the CPU.
        var h = training && dropoutRate > 0
            ? ReluDropout.Apply(a, MersenneTwister.Uniform([dropoutStream], [rows, Hidden]), dropoutRate)
            : nn.functional.relu(a);
        return Affine.Apply(h, outputWeight, outputBias).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// ∂L/∂x for an objective L(f(x)) of the eval-mode network (no dropout), back-propagated in closed form and written
    /// into <paramref name="gradient"/> (rows x inputs): with a = xW₁ᵀ + b₁, z = relu(a)W₂ᵀ + b₂ and g = ∂L/∂z from
    /// <paramref name="logitGradient"/>, ∂L/∂x = ((g W₂) ⊙ 1[a &gt; 0]) W₁ (relu'(0) = 0, as autograd takes it). Two matrix
    /// products and no autograd graph, which is what an attack's step needs; the parameters' gradients are not touched.
    /// The last product is written into the caller's buffer, so an attack allocates nothing input-sized per step.
    /// This is the tensor path: attacks on float32 CPU tensors take <see cref="Freeze"/>'s, the same floats on the host
    /// with the weights packed once (tested against this one bit for bit); off the CPU, in float64, or for
    /// non-contiguous buffers they take this.
    /// </summary>
    public void InputGradient(Tensor x, Func<Tensor, Tensor> logitGradient, Tensor gradient)
    {
        // Dropout would need its mask in the backward; attacks always run the model in eval mode.
        if (training) throw new InvalidOperationException("Mlp.InputGradient needs the model in eval mode");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        FlopCount.Forward(x.size(0), Inputs, Hidden, Classes, withGradients: true);
        var h = nn.functional.relu(Affine.Apply(x, hiddenWeight, hiddenBias));
        var g = logitGradient(Affine.Apply(h, outputWeight, outputBias));
        // The ReLU mask as floats, sign(relu(a)) = 1[a > 0], in place of a.gt(0): multiplying by a bool tensor converts it
        // first, and on a 64 x 128 x 10-replica batch gt plus that product took 148 µs against 31 µs. The products are the
        // same floats, zeros' signs included (g · 0 either way).
        Affine.Product(Affine.Product(g, false, outputWeight, false).mul_(h.sign_()), false, hiddenWeight, false, into: gradient);
        FlopCount.InputBackward();
    }

    /// <summary>The input gradient over the current weights for one attack's steps, on the host where they are (<see cref="FrozenMlp"/>).</summary>
    public IFrozenModel Freeze() => FrozenMlp.Of(this, hiddenWeight, hiddenBias, outputWeight, outputBias, replicas: 1);

    /// <summary>Class probabilities for every row, in eval mode, in chunks; the model's mode is restored.</summary>
    public Tensor Probabilities(Tensor x, int chunk = 4096) => EvalMode.Run(this, () =>
    {
        var parts = new List<Tensor>();
        for (long start = 0, rows = x.size(0); start < rows; start += chunk)
            parts.Add(SmallSoftmax.Softmax(forward(x.narrow(0, start, Math.Min(chunk, rows - start)))));
        return cat(parts, 0);
    });

    /// <summary>Predicted classes (eval mode).</summary>
    public int[] Predict(Tensor x)
    {
        using var probabilities = Probabilities(x);
        using var argmax = probabilities.argmax(1);
        return TensorData.Longs(argmax).Select(v => (int)v).ToArray();
    }

    private static void GlorotUniform(Tensor weight, Generator generator)
    {
        // Linear weights are (out, in).
        double limit = Math.Sqrt(6.0 / (weight.shape[0] + weight.shape[1]));
        weight.uniform_(-limit, limit, generator);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var p in OwnParameters) p?.Dispose(); // null when the constructor failed before it made them
        }
        base.Dispose(disposing);
    }
}
