using ALfc.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Tests.Models;

/// <summary>
/// The training activation's one-pass forward and backward against libtorch's relu, mask product and division with
/// their own autograd, bit for bit, on values that reach every branch (±0, NaN, ±∞, draws equal to the rate).
/// </summary>
public class ReluDropoutTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(0.3)]
    [InlineData(0.1)]
    [InlineData(0.7)] // rounds down to float32, where 0.5, 0.3 and 0.1 round up: the draws planted at (float)p pin the rounding
    [InlineData(0.9)]
    public void Forward_and_backward_give_the_floats_of_libtorchs_operations(double rate)
    {
        using var scope = NewDisposeScope();
        var (a, uniform, upstream) = Inputs(rate);
        var (expectedOut, expectedGrad) = LibtorchForm(a, uniform, upstream, rate);

        var x = a.clone().requires_grad_();
        var output = ReluDropout.Apply(x, uniform, rate);
        output.backward([upstream]);

        Assert.Equal(0, TensorData.DifferingFloats(expectedOut, output.detach()));
        Assert.Equal(0, TensorData.DifferingFloats(expectedGrad, x.grad!));
    }

    [Fact]
    public void Without_gradients_the_forward_is_the_same()
    {
        using var scope = NewDisposeScope();
        var (a, uniform, upstream) = Inputs(0.5);
        var (expectedOut, _) = LibtorchForm(a, uniform, upstream, 0.5);
        using var noGrad = no_grad();
        var output = ReluDropout.Apply(a, uniform, 0.5);
        Assert.False(output.requires_grad);
        Assert.Equal(0, TensorData.DifferingFloats(expectedOut, output));
    }

    [Fact]
    public void A_view_that_is_not_contiguous_takes_libtorchs_path_to_the_same_result()
    {
        using var scope = NewDisposeScope();
        var (a, uniform, upstream) = Inputs(0.5);
        var (expectedOut, expectedGrad) = LibtorchForm(a, uniform, upstream, 0.5);
        var x = a.t().contiguous().requires_grad_();
        var output = ReluDropout.Apply(x.t(), uniform, 0.5); // a transposed view of the same values
        output.backward([upstream]);
        Assert.Equal(0, TensorData.DifferingFloats(expectedOut, output.detach().contiguous()));
        Assert.Equal(0, TensorData.DifferingFloats(expectedGrad, x.grad!.t().contiguous()));
    }

    /// <summary>
    /// A training model, alone and as a stack of one, against the expression its forward replaced: relu, a mask from
    /// <c>rand</c> of a libtorch generator seeded as the model's dropout stream, <c>mul</c> and <c>div</c>, with libtorch's
    /// autograd; logits and every parameter's gradient bit for bit, over three steps as the stream runs on.
    /// </summary>
    [Theory]
    [InlineData(0.5)]
    [InlineData(0.7)]
    public void A_training_model_gives_the_floats_of_the_dropout_expression_it_replaced(double rate)
    {
        using var scope = NewDisposeScope();
        const long seed = 17;
        var spec = new MlpSpec(20, rate);
        using var mlp = new Mlp(9, 3, spec, seed);
        using var stack = new MlpStack(9, 3, spec, [seed], CPU);
        var (w1, b1, w2, b2) = mlp.Weights;
        var leaves = new[] { w1, b1, w2, b2 }.Select(t => t.detach().clone().requires_grad_()).ToArray();
        using var reference = new Generator((ulong)ALfc.Core.Seeds.Derive(seed, "dropout"));
        using var data = new Generator(5);
        mlp.train();
        stack.train();
        for (int step = 0; step < 3; step++)
        {
            var x = randn([37, 9], generator: data);
            var upstream = randn([37, 3], generator: data);
            var h = nn.functional.relu(Affine.Apply(x, leaves[0], leaves[1]));
            h = (h * rand(h.shape, generator: reference).ge(rate)).div(1 - rate);
            var expected = Affine.Apply(h, leaves[2], leaves[3]);
            expected.backward([upstream]);
            foreach (var (name, model) in new (string, nn.Module<Tensor, Tensor>)[] { ("mlp", mlp), ("stack", stack) })
            {
                var logits = model.forward(x);
                logits.backward([upstream]);
                Assert.Equal(0, TensorData.DifferingFloats(expected.detach(), logits.detach()));
                var parameters = model.parameters().ToArray();
                for (int i = 0; i < leaves.Length; i++)
                {
                    Assert.True(TensorData.DifferingFloats(leaves[i].grad!, parameters[i].grad!) == 0, $"{name} step {step}: parameter {i}'s gradient");
                    parameters[i].grad!.zero_();
                }
            }
            foreach (var leaf in leaves) leaf.grad!.zero_();
        }
    }

    /// <summary>(relu(a) · 1[u ≥ p]) / (1 - p) as the models computed it before, with libtorch's autograd for its gradient.</summary>
    private static (Tensor Output, Tensor Gradient) LibtorchForm(Tensor a, Tensor uniform, Tensor upstream, double rate)
    {
        var x = a.clone().requires_grad_();
        var output = (nn.functional.relu(x) * uniform.ge(rate)).div(1 - rate);
        output.backward([upstream]);
        return (output.detach(), x.grad!);
    }

    /// <summary>
    /// 40 x 33 values (more than a vector's worth per row, and a remainder): random signs and sizes with ±0, NaN and ±∞
    /// planted, draws with some exactly at the rate, and an upstream gradient with its own special values.
    /// </summary>
    private static (Tensor A, Tensor Uniform, Tensor Upstream) Inputs(double rate)
    {
        var random = new Random(3);
        float[] specials = [0f, -0f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1e-40f, -1e-40f];
        float[] Values(double scale) => Enumerable.Range(0, 40 * 33)
            .Select(i => i % 17 == 0 ? specials[(i / 17) % specials.Length] : (float)((random.NextDouble() - 0.5) * scale)).ToArray();
        var uniform = Enumerable.Range(0, 40 * 33).Select(i => i % 13 == 0 ? (float)rate : (float)random.NextDouble()).ToArray();
        return (tensor(Values(10), [40, 33]), tensor(uniform, [40, 33]), tensor(Values(3), [40, 33]));
    }
}
