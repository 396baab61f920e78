using ALfc.Core.Attacks;
using ALfc.Core.Attacks.Objectives;
using ALfc.Core.Evaluation;
using ALfc.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Tests.Attacks;

/// <summary>
/// The attacks' closed-form gradients: each objective's ∂L/∂z against autograd on its own value, and the MLP's
/// closed-form back-propagation to the inputs against autograd through the model, in float64 so the comparison is tight.
/// </summary>
public class ObjectiveTests
{
    private const int Rows = 12;

    public static TheoryData<string, int> Objectives()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in new[] { "cross-entropy", "margin", "crowd-likelihood", "soft-target" })
            foreach (var k in new[] { 2, 5 })
                data.Add(name, k);
        return data;
    }

    private static AttackObjective Create(string name, int k, Generator generator)
    {
        var labels = randint(0, k, [Rows], generator: generator);
        return name switch
        {
            "cross-entropy" => new CrossEntropyObjective(labels),
            "margin" => new ProbabilityMarginObjective(labels),
            // A log-likelihood log Π_j π[k, y_j] is a sum of log probabilities: negative, a few nats apart.
            "crowd-likelihood" => new CrowdLikelihoodObjective(-rand(Rows, k, dtype: ScalarType.Float64, generator: generator) * 6),
            _ => new SoftTargetObjective(nn.functional.softmax(randn(Rows, k, dtype: ScalarType.Float64, generator: generator) * 2, 1)),
        };
    }

    [Theory]
    [MemberData(nameof(Objectives))]
    public void The_closed_form_logit_gradient_is_autograds_gradient_of_the_value(string name, int k)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(17);
        var objective = Create(name, k, generator);
        // Spread wide enough that some rows are confidently right and some wrong (margin rows on both sides of 0).
        var logits = (randn(Rows, k, dtype: ScalarType.Float64, generator: generator) * 3).requires_grad_(true);
        var expected = autograd.grad([objective.Value(logits)], [logits])[0];
        using var noGrad = no_grad();
        var actual = objective.LogitGradient(logits.detach());
        Assert.Equal([Rows, k], actual.shape);
        Assert.True(expected.allclose(actual, rtol: 1e-9, atol: 1e-12), $"{name}, K={k}: max difference {(expected - actual).abs().max().item<double>():E2}");
        if (name == "margin")
        {
            // Both branches are exercised: rows already misclassified (margin <= 0, no gradient, as relu'(0) = 0 in
            // autograd) and rows still right.
            var rowsWithGradient = actual.abs().sum(1).gt(0).sum().item<long>();
            Assert.InRange(rowsWithGradient, 1, Rows - 1);
        }
    }

    [Theory]
    [MemberData(nameof(Objectives))]
    public void The_models_closed_form_input_gradient_is_autograds(string name, int k)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(23);
        using var model = new Mlp(7, k, new MlpSpec(9, 0.5), seed: 3);
        model.to(ScalarType.Float64);
        model.eval();
        var objective = Create(name, k, generator);
        var x = randn(Rows, 7, dtype: ScalarType.Float64, generator: generator);
        var input = x.clone().requires_grad_(true);
        Tensor expected;
        using (enable_grad()) expected = autograd.grad([objective.Value(model.forward(input))], [input])[0];
        var actual = full_like(x, double.NaN);
        AttackBase.InputGradient(model, x, objective, actual);
        Assert.True(expected.allclose(actual, rtol: 1e-9, atol: 1e-12), $"{name}, K={k}: max difference {(expected - actual).abs().max().item<double>():E2}");
    }

    [Fact]
    public void The_closed_form_input_gradient_refuses_a_model_in_training_mode()
    {
        using var scope = NewDisposeScope();
        using var model = new Mlp(4, 2, new MlpSpec(3, 0.5), seed: 1);
        model.train();
        var x = randn(2, 4);
        Assert.Throws<InvalidOperationException>(() => model.InputGradient(x, z => z, empty_like(x)));
    }

    [Theory]
    [MemberData(nameof(AttackTests.Names), MemberType = typeof(AttackTests))]
    public void A_rows_adversarial_input_does_not_depend_on_how_the_rows_are_chunked(string name)
    {
        // Evaluation attacks the test set in chunks; its numbers may not depend on the chunk size. The random start is
        // one stream per cell, drawn chunk after chunk, and every objective sums per-row terms.
        var (model, x, y) = TinyModels.Trained(epochs: 5);
        using (model) using (x) using (y)
        {
            using var scope = NewDisposeScope();
            var attack = AttackCatalog.Create(name, 0.1);
            Tensor whole;
            using (var generator = new Generator(9)) whole = attack.Generate(model, x, y, generator);
            var parts = new List<Tensor>();
            using (var generator = new Generator(9))
                for (long start = 0; start < x.shape[0]; start += 37)
                {
                    long length = Math.Min(37, x.shape[0] - start);
                    parts.Add(attack.Generate(model, x.narrow(0, start, length), y.narrow(0, start, length), generator));
                }
            var joined = cat(parts, 0);
            Assert.Equal(0, whole.ne(joined).sum().item<long>());
        }
    }

    [Theory]
    [MemberData(nameof(AttackTests.Names), MemberType = typeof(AttackTests))]
    public void Attacks_step_in_place_on_their_own_buffers_and_never_touch_the_clean_inputs(string name)
    {
        var (model, x, y) = TinyModels.Trained(epochs: 5);
        using (model) using (x) using (y)
        {
            using var scope = NewDisposeScope();
            var before = x.clone();
            using var generator = new Generator(4);
            var adversarial = AttackCatalog.Create(name, 0.1).Generate(model, x, y, generator);
            Assert.Equal(0, x.ne(before).sum().item<long>());
            Assert.True(adversarial.ne(x).sum().item<long>() > 0, $"{name} moved nothing");
        }
    }
}
