using ALfc.Core;
using ALfc.Core.Attacks;
using ALfc.Core.Attacks.Objectives;
using ALfc.Core.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Tests.Attacks;

public class AttackTests
{
    public static TheoryData<string> Names() => new(AttackCatalog.Names);

    [Theory]
    [MemberData(nameof(Names))]
    public void At_eps_zero_every_attack_returns_the_clean_accuracy(string name)
    {
        var (model, x, y) = TinyModels.Trained();
        using (model) using (x) using (y)
        {
            double clean = Evaluator.Accuracy(model, x, y);
            Assert.Equal(clean, Evaluator.Robust(model, model, AttackCatalog.Create(name, 0.0), x, y, seed: 3));
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_adversarial_input_lies_within_eps_in_L_infinity_and_hurts_accuracy(string name)
    {
        var (model, x, y) = TinyModels.Trained();
        using (model) using (x) using (y)
        {
            double clean = Evaluator.Accuracy(model, x, y);
            foreach (var eps in new[] { 0.01, 0.05, 0.2 })
            {
                using var generator = new TorchSharp.torch.Generator(5);
                var attack = AttackCatalog.Create(name, eps);
                using var adversarial = attack.Generate(model, x, y, generator);
                using var distance = (adversarial - x).abs().max();
                Assert.True(distance.item<float>() <= eps * (1 + 1e-5), $"{name} at eps {eps}: L-inf distance {distance.item<float>()}");
                Assert.True(Evaluator.Robust(model, model, attack, x, y, 3) <= clean + 1e-9);
            }
            Assert.True(Evaluator.Robust(model, model, AttackCatalog.Create(name, 0.2), x, y, 3) < clean - 0.05, $"{name} at eps 0.2 barely hurts");
        }
    }

    [Fact]
    public void Attacks_leave_the_model_in_the_mode_they_found_it()
    {
        var (model, x, y) = TinyModels.Trained(epochs: 2);
        using (model) using (x) using (y)
        {
            model.train();
            using (AttackCatalog.Create("pgd", 0.1).Generate(model, x, y)) { }
            Assert.True(model.training);
            model.eval();
            using (AttackCatalog.Create("mim", 0.1).Generate(model, x, y)) { }
            Assert.False(model.training);
        }
    }

    [Fact]
    public void The_input_gradient_matches_finite_differences()
    {
        var (model, x, y) = TinyModels.Trained(epochs: 5);
        using (model) using (x) using (y)
        {
            model.to(ScalarType.Float64);
            model.eval();
            using var x64 = x.narrow(0, 0, 4).to_type(ScalarType.Float64);
            using var y4 = y.narrow(0, 0, 4);
            Func<Tensor, Tensor> loss = logits => nn.functional.cross_entropy(logits, y4, reduction: nn.Reduction.Sum);
            using var gradient = zeros_like(x64);
            AttackBase.InputGradient(model, x64, new CrossEntropyObjective(y4), gradient);
            const double h = 1e-6;
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < x64.shape[1]; j += 3)
                {
                    using var noGrad = no_grad();
                    using var plus = x64.clone();
                    using var minus = x64.clone();
                    plus[i, j] += h;
                    minus[i, j] -= h;
                    double numeric = (loss(model.forward(plus)).item<double>() - loss(model.forward(minus)).item<double>()) / (2 * h);
                    Assert.Equal(numeric, gradient[i, j].item<double>(), 6);
                }
        }
    }

    [Fact]
    public void Fgsm_on_a_linear_softmax_model_matches_the_closed_form()
    {
        // logits = A x + b; ∂CE/∂x = Aᵀ (softmax(A x + b) - e_y); x' = x + eps · sign(that).
        double[,] a = { { 1.0, -2.0, 0.5 }, { -0.5, 1.5, 2.0 } };
        double[] b = { 0.1, -0.2 };
        double[] x0 = { 0.3, 0.7, -0.4 };
        int label = 0;
        const double eps = 0.05;
        using var model = TinyModels.Linear(a, b);
        var z = Enumerable.Range(0, 2).Select(c => b[c] + Enumerable.Range(0, 3).Sum(i => a[c, i] * x0[i])).ToArray();
        var p = z.Select(v => Math.Exp(v) / z.Sum(Math.Exp)).ToArray();
        var expected = Enumerable.Range(0, 3).Select(i =>
            x0[i] + eps * Math.Sign(Enumerable.Range(0, 2).Sum(c => a[c, i] * (p[c] - (c == label ? 1 : 0))))).ToArray();

        using var x = tensor(x0.Select(v => (float)v).ToArray(), [1, 3]);
        using var y = tensor(new long[] { label });
        using var adversarial = new Fgsm(eps).Generate(model, x, y);
        Assert.Equal(expected, adversarial.data<float>().ToArray().Select(v => (double)v), new ToleranceComparer(1e-6));
        // And the model really is linear: its logits are A x + b.
        using var logits = model.forward(x);
        Assert.Equal(z, logits.data<float>().ToArray().Select(v => (double)v), new ToleranceComparer(1e-5));
    }

    [Fact]
    public void On_a_fixed_model_pgd_accuracy_does_not_rise_with_eps()
    {
        const double tolerance = 0.01; // random starts may move a borderline point either way
        var (model, x, y) = TinyModels.Trained();
        using (model) using (x) using (y)
        {
            var accuracies = new[] { 0.0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.4 }
                .Select(eps => Evaluator.Robust(model, model, new Pgd(eps), x, y, seed: 11)).ToArray();
            for (int i = 1; i < accuracies.Length; i++)
                Assert.True(accuracies[i] <= accuracies[i - 1] + tolerance, $"accuracy rose from {accuracies[i - 1]} to {accuracies[i]}: {string.Join(", ", accuracies)}");
            Assert.True(accuracies[^1] < accuracies[0] - 0.2);
        }
    }

    [Fact]
    public void Negative_or_infinite_eps_and_unknown_names_are_one_line_errors()
    {
        Assert.Equal("eps: must be from 0 to 1000000, got -0.1", Assert.Throws<AlfcInputException>(() => new Pgd(-0.1)).Message);
        Assert.Throws<AlfcInputException>(() => new Fgsm(double.PositiveInfinity));
        Assert.StartsWith("unknown attack 'cw'", Assert.Throws<AlfcInputException>(() => AttackCatalog.Create("cw", 0.1)).Message);
    }

    public static TheoryData<string> IterativeNames() => new("pgd", "cw-margin", "mim");

    private static AttackBase Iterative(string name, int steps, double stepFraction) => name switch
    {
        "pgd" => new Pgd(0.1, steps, stepFraction),
        "cw-margin" => new CwMargin(0.1, steps, stepFraction),
        _ => new Mim(0.1, steps, stepFraction),
    };

    [Theory]
    [MemberData(nameof(IterativeNames))]
    public void Every_iterative_attack_refuses_a_step_count_below_one_and_a_step_fraction_not_above_zero(string name)
    {
        Assert.Equal($"{name} steps: must be at least 1, got 0", Assert.Throws<AlfcInputException>(() => Iterative(name, 0, 0.25)).Message);
        Assert.Equal($"{name} step fraction: must be positive, got 0", Assert.Throws<AlfcInputException>(() => Iterative(name, 10, 0)).Message);
        Assert.Equal($"{name} step fraction: must be positive, got -0.5", Assert.Throws<AlfcInputException>(() => Iterative(name, 10, -0.5)).Message);
        Assert.Throws<AlfcInputException>(() => Iterative(name, 10, double.NaN));
        var attack = Assert.IsAssignableFrom<IterativeAttack>(Iterative(name, 3, 0.5));
        Assert.Equal(3, attack.Steps);
        Assert.Equal(0.05, attack.StepSize, 12);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(double value) => 0;
    }
}
