using ALfc.Core.Attacks;
using ALfc.Core.Attacks.Objectives;
using ALfc.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Tests.Models;

/// <summary>
/// An attack's input gradient on the host over frozen weights: the floats of the models' tensor path bit for bit (zeros'
/// signs included), for one model and for every replica of a stack, whatever the objective; close to autograd's
/// gradient worked out in float64; and safe to reuse: steps after steps, models of other sizes after it, and refused
/// once disposed or in training mode.
/// </summary>
public class FrozenMlpTests
{
    private const int Rows = 12;

    public static TheoryData<string> Objectives() => new() { "cross-entropy", "margin", "crowd-likelihood", "soft-target" };

    private static AttackObjective Create(string name, int rows, int k, Generator generator)
    {
        var labels = randint(0, k, [rows], generator: generator);
        return name switch
        {
            "cross-entropy" => new CrossEntropyObjective(labels),
            "margin" => new ProbabilityMarginObjective(labels),
            "crowd-likelihood" => new CrowdLikelihoodObjective(-rand(rows, k, generator: generator) * 6),
            _ => new SoftTargetObjective(nn.functional.softmax(randn(rows, k, generator: generator) * 2, 1)),
        };
    }

    [Theory]
    [MemberData(nameof(Objectives))]
    public void One_models_frozen_gradient_is_its_tensor_paths_bit_for_bit_and_autograds_within_rounding(string name)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(29);
        using var model = new Mlp(37, 5, new MlpSpec(24, 0.5), seed: 4);
        model.eval();
        var objective = Create(name, Rows, 5, generator);
        var x = randn(Rows, 37, generator: generator);
        var expected = full_like(x, float.NaN);
        model.InputGradient(x, objective.LogitGradient, expected);
        var actual = full_like(x, float.NaN);
        using (var frozen = model.Freeze()) frozen.InputGradient(x, objective.LogitGradient, actual);
        AssertSameBits(expected, actual, $"{name}: the frozen gradient against the tensor path's");

        // An independent value: autograd through the model in float64.
        using var wide = new Mlp(37, 5, new MlpSpec(24, 0.5), seed: 4);
        wide.to(ScalarType.Float64);
        wide.eval();
        var input = x.to(ScalarType.Float64).requires_grad_(true);
        var wideObjective = Create(name, Rows, 5, new Generator(29));
        Tensor reference;
        using (enable_grad()) reference = autograd.grad([wideObjective.Value(wide.forward(input))], [input])[0];
        double scale = reference.abs().max().item<double>();
        double error = (reference - actual.to(ScalarType.Float64)).abs().max().item<double>();
        Assert.True(error <= 1e-5 * Math.Max(scale, 1e-3), $"{name}: max difference {error:E2} from autograd's float64 gradient (largest entry {scale:E2})");
    }

    [Theory]
    [MemberData(nameof(Objectives))]
    public void Each_replica_of_a_frozen_stack_gets_its_tensor_paths_and_its_own_models_floats(string name)
    {
        const int replicas = 3;
        using var scope = NewDisposeScope();
        using var generator = new Generator(31);
        long[] seeds = [11, 12, 13];
        using var stack = new MlpStack(19, 4, new MlpSpec(40, 0.5), seeds, CPU);
        stack.SetTraining(false);
        var objective = Create(name, replicas * Rows, 4, generator);
        var x = randn(replicas * Rows, 19, generator: generator);
        var expected = full_like(x, float.NaN);
        stack.InputGradient(x, objective.LogitGradient, expected);
        var actual = full_like(x, float.NaN);
        using (var frozen = stack.Freeze()) frozen.InputGradient(x, objective.LogitGradient, actual);
        AssertSameBits(expected, actual, $"{name}: the frozen stack against its tensor path");

        for (int r = 0; r < replicas; r++)
        {
            using var alone = stack.Replica(r);
            alone.eval();
            var rows = x.narrow(0, r * Rows, Rows).contiguous();
            var one = full_like(rows, float.NaN);
            // Each row's objective gradient depends on that row alone, so replica r's rows see their own slice of it.
            var logitGradient = objective.LogitGradient;
            using (var frozen = alone.Freeze())
                frozen.InputGradient(rows, z => PaddedSlice(logitGradient, z, r, replicas), one);
            AssertSameBits(one, actual.narrow(0, r * Rows, Rows), $"{name}: replica {r} against its model alone");
        }
    }

    [Fact]
    public void Zero_and_negative_zero_activations_get_libtorchs_relu_and_mask()
    {
        // Hidden unit 0 has all-negative weights and bias -0, so a zero input row gives it a = -0 (0 · w = -0, -0 + -0 = -0);
        // unit 1 has bias +0, giving a = +0; units 2 and 3 are negative there. relu keeps -0 (libtorch's clamp_min), and the
        // mask is 0 for all of them.
        using var scope = NewDisposeScope();
        using var model = new Mlp(3, 2, new MlpSpec(4, 0.5), seed: 2);
        model.eval();
        using (no_grad())
        {
            var p = model.parameters().ToArray();
            p[0].copy_(tensor(new float[] { -1, -2, -3, 1, 2, 3, 0.5f, -0.5f, 1, -1, 1, 1 }).view(4, 3));
            p[1].copy_(tensor(new float[] { -0f, 0f, -0.25f, -0.5f }));
        }
        var x = tensor(new float[] { 0, 0, 0, 1, -2, 0.5f, -1, 0, 2 }).view(3, 3);
        var labels = tensor(new long[] { 0, 1, 1 });
        var objective = new CrossEntropyObjective(labels);
        var expected = full_like(x, float.NaN);
        model.InputGradient(x, objective.LogitGradient, expected);
        var actual = full_like(x, float.NaN);
        using (var frozen = model.Freeze()) frozen.InputGradient(x, objective.LogitGradient, actual);
        AssertSameBits(expected, actual, "rows with exact zeros in the hidden layer");
        // The zero row's gradient is exactly zero: no unit is active.
        Assert.All(TensorData.Floats(actual.narrow(0, 0, 1)), v => Assert.Equal(0f, Math.Abs(v)));
    }

    [Fact]
    public void A_frozen_model_serves_many_steps_and_pooled_panels_serve_models_of_other_sizes()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(5);
        using var large = new Mlp(130, 6, new MlpSpec(70, 0.5), seed: 8);
        using var small = new Mlp(9, 3, new MlpSpec(5, 0.5), seed: 9);
        large.eval();
        small.eval();
        var objectiveLarge = new CrossEntropyObjective(randint(0, 6, [Rows], generator: generator));
        var objectiveSmall = new CrossEntropyObjective(randint(0, 3, [Rows], generator: generator));
        using (var frozen = large.Freeze())
            for (int step = 0; step < 3; step++)
            {
                var x = randn(Rows, 130, generator: generator);
                var (expected, actual) = (full_like(x, float.NaN), full_like(x, float.NaN));
                large.InputGradient(x, objectiveLarge.LogitGradient, expected);
                frozen.InputGradient(x, objectiveLarge.LogitGradient, actual);
                AssertSameBits(expected, actual, $"step {step}");
            }
        // The large model's panels are back in the pool; the small model reuses them, then the large one again.
        foreach (var (model, inputs, objective) in new[] { (small, 9, objectiveSmall), (large, 130, objectiveLarge) })
        {
            var x = randn(Rows, inputs, generator: generator);
            var (expected, actual) = (full_like(x, float.NaN), full_like(x, float.NaN));
            model.InputGradient(x, objective.LogitGradient, expected);
            using (var frozen = model.Freeze()) frozen.InputGradient(x, objective.LogitGradient, actual);
            AssertSameBits(expected, actual, $"{inputs} inputs after the pool's reuse");
        }
    }

    [Fact]
    public void Float32_cpu_models_freeze_onto_the_host_and_others_keep_their_tensor_path()
    {
        using var scope = NewDisposeScope();
        using var model = new Mlp(6, 3, new MlpSpec(5, 0.5), seed: 1);
        using var one = new MlpStack(6, 3, new MlpSpec(5, 0.5), [1L], CPU);
        using var three = new MlpStack(6, 3, new MlpSpec(5, 0.5), [1L, 2L, 3L], CPU);
        model.eval();
        one.SetTraining(false);
        three.SetTraining(false);
        using (var frozen = model.Freeze()) Assert.IsType<FrozenMlp>(frozen);
        using (var frozen = one.Freeze()) Assert.IsType<FrozenMlp>(frozen);
        using (var frozen = three.Freeze()) Assert.IsType<FrozenMlp>(frozen);
        model.to(ScalarType.Float64);
        using (var frozen = model.Freeze()) Assert.IsNotType<FrozenMlp>(frozen);
    }

    [Fact]
    public void Relu_is_libtorchs_clamp_min_to_the_bit()
    {
        float[] values = [-1f, -0f, 0f, 2.5f, float.NaN, float.NegativeInfinity, float.PositiveInfinity, -1e-40f, 1e-40f, -3f, 4f, -0f, 5f, -6f, 7f, -8f, -2f, -0f];
        var actual = values.ToArray();
        FrozenMlp.Relu(actual);
        using var expected = nn.functional.relu(tensor(values));
        Assert.Equal(TensorData.Floats(expected).Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(actual[1]));
    }

    [Fact]
    public void A_disposed_or_training_model_is_refused()
    {
        using var scope = NewDisposeScope();
        using var model = new Mlp(4, 2, new MlpSpec(3, 0.5), seed: 1);
        model.eval();
        var x = randn(2, 4);
        var frozen = model.Freeze();
        frozen.Dispose();
        frozen.Dispose();
        Assert.Throws<ObjectDisposedException>(() => frozen.InputGradient(x, z => z, empty_like(x)));
        model.train();
        Assert.Throws<InvalidOperationException>(() => model.Freeze());
    }

    [Fact]
    public void An_attack_through_frozen_weights_gives_the_step_by_step_tensor_paths_adversarial_inputs()
    {
        // PGD written out with the tensor path at every step, against Pgd (which freezes the model once per attack).
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        using var model = new Mlp(21, 4, new MlpSpec(16, 0.5), seed: 6);
        model.eval();
        var x = randn(Rows, 21, generator: generator);
        var objective = new CrossEntropyObjective(randint(0, 4, [Rows], generator: generator));
        const double eps = 0.3, step = 0.075;
        var expected = x.clone();
        var gradient = empty_like(x);
        for (int i = 0; i < 10; i++)
        {
            model.InputGradient(expected, objective.LogitGradient, gradient);
            expected.add_(gradient.sign(), alpha: step).sub_(x).clamp_(-eps, eps).add_(x);
        }
        var actual = new Pgd(eps, steps: 10, stepFraction: 0.25, randomStart: false).Perturb(model, x, objective);
        AssertSameBits(expected, actual, "PGD-10");
    }

    [Fact]
    public void Frozen_logits_are_the_models_eval_mode_forward_bit_for_bit()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(41);
        using var model = new Mlp(23, 10, new MlpSpec(32, 0.5), seed: 8);
        using var stack = new MlpStack(23, 10, new MlpSpec(32, 0.5), [5, 6, 7], CPU);
        using var wide = new Mlp(23, 10, new MlpSpec(32, 0.5), seed: 8);
        wide.to(ScalarType.Float64);
        foreach (var (name, m, x) in new (string, IAttackableModel, Tensor)[]
                 {
                     ("one model", model, randn(Rows, 23, generator: generator)),
                     ("a stack of 3", stack, randn(3 * Rows, 23, generator: generator)),
                     ("float64 (the tensor path)", wide, randn(Rows, 23, generator: generator, dtype: ScalarType.Float64)),
                 })
        {
            m.SetTraining(false);
            Tensor expected;
            using (no_grad()) expected = m.forward(x);
            using var frozen = m.Freeze();
            var actual = frozen.Logits(x);
            if (x.dtype == ScalarType.Float64) Assert.True(expected.equal(actual).all().item<bool>(), name);
            else AssertSameBits(expected, actual, name);
            m.SetTraining(true);
            if (name.StartsWith("float64")) Assert.Throws<InvalidOperationException>(() => frozen.Logits(x));
        }
        Assert.Throws<ArgumentException>(() =>
        {
            model.SetTraining(false);
            using var frozen = model.Freeze();
            frozen.Logits(randn(Rows, 22));
        });
    }

    [Fact]
    public void An_attack_over_a_model_the_caller_froze_gives_the_attacks_own_result()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(43);
        using var stack = new MlpStack(21, 10, new MlpSpec(16, 0.5), [1, 2], CPU);
        var x = randn(2 * Rows, 21, generator: generator);
        var objective = new CrowdLikelihoodObjective(-rand(2 * Rows, 10, generator: generator) * 6);
        var pgd = new Pgd(0.3);
        var expected = pgd.Perturb(stack, x, objective, ReplicaNoise.PerReplica([3, 4]));
        stack.SetTraining(false);
        using var frozen = stack.Freeze();
        AssertSameBits(expected, pgd.Perturb(frozen, x, objective, ReplicaNoise.PerReplica([3, 4])), "PGD over the caller's frozen stack");
        Assert.Throws<ArgumentNullException>(() => pgd.Perturb((IFrozenModel?)null, x, objective));
        AssertSameBits(x, new Pgd(0).Perturb((IFrozenModel?)null, x, objective), "eps 0");
    }

    [Fact]
    public void A_packed_operand_gives_the_products_of_the_operand_itself_and_can_be_refilled()
    {
        var random = new Random(7);
        var packed = new FmaGemm.Packed();
        foreach (var (n, k, m) in new[] { (9, 130, 40), (3, 5, 7), (16, 124, 128), (1, 0, 3) })
            foreach (bool transposeB in new[] { false, true })
            {
                float[] a = Draw(random, n * k), b = Draw(random, k * m), bias = Draw(random, m);
                var (expected, actual) = (new float[n * m], new float[n * m]);
                FmaGemm.Multiply(a, false, b, transposeB, n, k, m, expected, bias);
                packed.Fill(b, transposeB, k, m);
                FmaGemm.Multiply(a, false, packed, n, actual, bias);
                Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
            }
        Assert.Throws<ArgumentException>(() => packed.Fill(new float[5], false, 2, 3));
        Assert.Throws<ArgumentException>(() => FmaGemm.Multiply(new float[2], false, FmaGemm.Pack(new float[6], false, 2, 3), 2, new float[6]));
    }

    /// <summary>The objective's gradient over all replicas' rows, with replica <paramref name="r"/>'s logits in its place and zeros elsewhere, sliced back.</summary>
    private static Tensor PaddedSlice(Func<Tensor, Tensor> logitGradient, Tensor z, int r, int replicas)
    {
        var all = zeros(replicas * z.shape[0], z.shape[1]);
        all.narrow(0, r * z.shape[0], z.shape[0]).copy_(z);
        return logitGradient(all).narrow(0, r * z.shape[0], z.shape[0]).contiguous();
    }

    private static float[] Draw(Random random, int count) => Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

    private static void AssertSameBits(Tensor expected, Tensor actual, string what)
    {
        int differing = TensorData.DifferingFloats(expected, actual);
        Assert.True(differing == 0, $"{what}: {differing} of {expected.numel()} floats differ");
    }
}
