using ALfc.Core;
using ALfc.Core.Models;
using ALfc.Core.Training;
using static TorchSharp.torch;

namespace ALfc.Tests.Models;

/// <summary>
/// Soft-target training steps on the host without autograd: the weights train to the bits autograd gives through the
/// model's forward, for one model and fused replicas, with and without dropout, one term or A-LFC's two, over epochs
/// whose last batch is short; the gradient is the formula's, checked against libtorch's own autograd of the plain
/// expression in float64; and what the host path does not cover falls back to autograd or is refused.
/// </summary>
public class SoftTargetGradientTests
{
    private const int Items = 70, Inputs = 23, Classes = 3, Hidden = 17, BatchSize = 16;

    public static TheoryData<int, double, int> Cases() => new()
    {
        { 1, 0.0, 1 },
        { 1, 0.5, 1 },
        { 1, 0.5, 2 },
        { 3, 0.0, 2 },
        { 3, 0.5, 1 },
        { 3, 0.5, 2 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Host_steps_train_to_the_bits_of_autograd(int replicas, double dropout, int terms)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(7);
        long[] seeds = Enumerable.Range(0, replicas).Select(r => 40L + r).ToArray();
        var spec = new MlpSpec(Hidden, dropout);
        using var host = new MlpStack(Inputs, Classes, spec, seeds, CPU);
        using var reference = new MlpStack(Inputs, Classes, spec, seeds, CPU);
        // Shared features, per-replica second inputs (as A-LFC's adversarial rows) and per-replica soft targets.
        var x = rand(Items, Inputs, generator: generator);
        var second = rand(replicas * Items, Inputs, generator: generator);
        var targets = nn.functional.softmax(randn(replicas * Items, Classes, generator: generator) * 3, 1);
        var config = new TrainingConfig { BatchSize = BatchSize };
        var hostLosses = new List<double>();
        var referenceLosses = new List<double>();
        using var hostLoop = new TrainingLoop(host, host.Weights, config, seeds, 2, Reporter(hostLosses), CancellationToken.None);
        using var referenceLoop = new TrainingLoop(reference, reference.Weights, config, seeds, 2, Reporter(referenceLosses), CancellationToken.None, autogradOnly: true);
        Func<ReplicaBatch, IReadOnlyList<SoftTargetTerm>> loss = batch => terms == 1
            ? [new SoftTargetTerm(batch.Rows(x), batch.Rows(targets))]
            : [new SoftTargetTerm(batch.Rows(x), batch.Rows(targets), 0.3), new SoftTargetTerm(batch.Rows(second), batch.Rows(targets), 0.7)];
        for (int epoch = 0; epoch < 2; epoch++)
        {
            hostLoop.Epoch("host", Items, loss);
            referenceLoop.Epoch("autograd", Items, loss);
        }

        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(0, TensorData.DifferingFloats(reference.Weights[i], host.Weights[i]));
            // The host path never hands autograd a gradient; the reference did, so the two really took different paths.
            Assert.Null(host.Weights[i].grad);
            Assert.NotNull(reference.Weights[i].grad);
        }
        Assert.Equal(referenceLosses.Count, hostLosses.Count);
        for (int e = 0; e < hostLosses.Count; e++) Assert.Equal(referenceLosses[e], hostLosses[e], 5);
    }

    [Fact]
    public void The_gradient_is_the_formulas_as_libtorch_differentiates_it_in_float64()
    {
        const int rows = 9, inputs = 6, hidden = 5, classes = 4;
        const double rate = 0.4;
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        using var model = new MlpStack(inputs, classes, new MlpSpec(hidden, rate), [5L], CPU);
        var gradient = model.HostGradient();
        Assert.NotNull(gradient);
        var x0 = randn(rows, inputs, generator: generator);
        var x1 = randn(rows, inputs, generator: generator);
        var t = nn.functional.softmax(randn(rows, classes, generator: generator), 1);
        double value = gradient.Compute([new SoftTargetTerm(x0, t, 0.25), new SoftTargetTerm(x1, t, 0.75)]);

        // The same masks: the model's dropout stream is MT19937 seeded from the trial seed's "dropout" sub-seed.
        var stream = new MersenneTwister((ulong)Seeds.Derive(5L, "dropout"));
        var p = model.Weights.Select(w => w.detach().to(ScalarType.Float64).requires_grad_()).ToArray();
        Tensor Term(Tensor x, double weight)
        {
            var draws = new float[rows * hidden];
            stream.FillUniform(draws);
            var keep = (tensor(draws).view(rows, hidden) >= rate).to(ScalarType.Float64);
            var h = nn.functional.relu(x.to(ScalarType.Float64).matmul(p[0].t()) + p[1]) * keep / (1 - rate);
            var logProbabilities = nn.functional.log_softmax(h.matmul(p[2].t()) + p[3], 1);
            return -(t.to(ScalarType.Float64) * logProbabilities).sum(1).mean() * weight;
        }
        var expected = Term(x0, 0.25) + Term(x1, 0.75);
        expected.backward();

        Assert.Equal(expected.item<double>(), value, 5);
        for (int i = 0; i < 4; i++)
        {
            var actual = tensor(gradient.Gradients[i], dtype: ScalarType.Float64).view(p[i].shape);
            double error = (actual - p[i].grad!).abs().max().item<double>();
            Assert.True(error < 1e-5, $"parameter {i}: host gradient off libtorch's float64 autograd by {error}");
            Assert.True(p[i].grad!.abs().max().item<double>() > 1e-3, $"parameter {i}: a vanishing gradient would prove nothing");
        }
    }

    [Fact]
    public void What_the_host_path_does_not_cover_takes_autograd_or_is_refused()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(11);
        using var model = new MlpStack(Inputs, Classes, new MlpSpec(Hidden, 0.5), [1L], CPU);
        var gradient = model.HostGradient()!;
        var x = rand(8, Inputs, generator: generator);
        var t = nn.functional.softmax(randn(8, Classes, generator: generator), 1);
        var term = new SoftTargetTerm(x, t);
        Assert.True(gradient.Covers([term]));
        Assert.False(gradient.Covers([term, term, term]));
        Assert.False(gradient.Covers([term with { Inputs = x.to(ScalarType.Float64) }]));
        Assert.False(gradient.Covers([term with { Targets = t.narrow(1, 0, 2).contiguous() }]));
        Assert.False(gradient.Covers([term with { Inputs = x.t() }]));
        Assert.Throws<ArgumentException>(() => gradient.Compute([term with { Inputs = x.narrow(1, 0, 5).contiguous() }]));

        // Three terms: the loop takes autograd (the weights get gradients) and still steps the model.
        var before = model.Weights[0].detach().clone();
        using var loop = new TrainingLoop(model, model.Weights, new TrainingConfig { BatchSize = 4 }, [1L], 1, null, CancellationToken.None);
        loop.Epoch("three terms", 8, batch => (IReadOnlyList<SoftTargetTerm>)[.. Enumerable.Repeat(new SoftTargetTerm(batch.Rows(x), batch.Rows(t), 1.0 / 3), 3)]);
        Assert.NotNull(model.Weights[0].grad);
        Assert.NotEqual(0, TensorData.DifferingFloats(before, model.Weights[0]));

        // Parameters beyond the model's own (CrowdLayer adds its worker matrices): no host gradient at all.
        using var other = new MlpStack(Inputs, Classes, new MlpSpec(Hidden, 0.5), [1L], CPU);
        using var extra = new TorchSharp.Modules.Parameter(zeros(2));
        using var wider = new TrainingLoop(other, other.Weights.Append(extra), new TrainingConfig { BatchSize = 4 }, [1L], 1, null, CancellationToken.None);
        wider.Epoch("wider", 8, batch => (IReadOnlyList<SoftTargetTerm>)[new SoftTargetTerm(batch.Rows(x), batch.Rows(t))]);
        Assert.NotNull(other.Weights[0].grad);
    }

    private static Progress Reporter(List<double> losses) => new(losses);

    /// <summary>Collects each epoch's mean loss synchronously (Progress&lt;T&gt; would post to a thread pool).</summary>
    private sealed class Progress(List<double> losses) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => losses.Add(value.Loss);
    }
}
