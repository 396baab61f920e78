using ALfc.Core.Models;
using static TorchSharp.torch;

namespace ALfc.Tests.Models;

/// <summary>
/// The classifier's affine map: its forward and gradients are Z = X Wᵀ + b, G W, Gᵀ X and Σ_rows G (checked against
/// libtorch's <c>linear</c> and autograd within float rounding); stacked replicas get one model's floats bit for bit;
/// and a model's outputs do not depend on where its input rows start in memory.
/// </summary>
public class AffineTests
{
    [Theory]
    [InlineData(5, 124, 128)]
    [InlineData(64, 128, 10)]
    [InlineData(64, 512, 128)]
    [InlineData(3, 6, 4)]
    public void Forward_and_gradients_are_those_of_linear(int rows, int inputs, int outputs)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(23);
        var x = (rand(rows, inputs, generator: generator) - 0.5).requires_grad_(true);
        var w = (rand(outputs, inputs, generator: generator) - 0.5).requires_grad_(true);
        var b = rand(outputs, generator: generator).requires_grad_(true);
        var upstream = rand(rows, outputs, generator: generator) - 0.5;
        var z = Affine.Apply(x, w, b);
        z.backward([upstream]);

        var (x2, w2, b2) = (x.detach().clone().requires_grad_(true), w.detach().clone().requires_grad_(true), b.detach().clone().requires_grad_(true));
        var reference = nn.functional.linear(x2.to(float64), w2.to(float64), b2.to(float64));
        reference.backward([upstream.to(float64)]);
        AssertClose(reference, z, "output");
        AssertClose(x2.grad!, x.grad!, "input gradient");
        AssertClose(w2.grad!, w.grad!, "weight gradient");
        AssertClose(b2.grad!, b.grad!, "bias gradient");
    }

    [Theory]
    [InlineData(5, 124, 128)]
    [InlineData(7, 124, 128)]
    [InlineData(64, 128, 10)]
    [InlineData(64, 512, 128)]
    [InlineData(3, 6, 4)]
    public void Each_replica_gets_one_models_own_output_and_gradients(int rows, int inputs, int outputs)
    {
        const int replicas = 4;
        using var scope = NewDisposeScope();
        using var generator = new Generator(17);
        var x = rand(replicas, rows, inputs, generator: generator).requires_grad_(true);
        var w = (rand(replicas, outputs, inputs, generator: generator) - 0.5).requires_grad_(true);
        var b = rand(replicas, 1, outputs, generator: generator).requires_grad_(true);
        var upstream = rand(replicas, rows, outputs, generator: generator) - 0.5;

        var z = Affine.Apply(x, w, b);
        z.backward([upstream]);

        for (int r = 0; r < replicas; r++)
        {
            var xr = x[r].detach().clone().requires_grad_(true);
            var wr = w[r].detach().clone().requires_grad_(true);
            var br = b[r][0].detach().clone().requires_grad_(true);
            var zr = Affine.Apply(xr, wr, br);
            zr.backward([upstream[r].clone()]);
            AssertSameBits(zr, z[r], $"replica {r} output, against one model's,");
            AssertSameBits(wr.grad!, w.grad![r], $"replica {r} weight gradient");
            AssertSameBits(br.grad!, b.grad![r][0], $"replica {r} bias gradient");
            AssertSameBits(xr.grad!, x.grad![r], $"replica {r} input gradient");
        }
        // Without gradients the same forward runs, with no graph.
        using (no_grad())
        {
            var plain = Affine.Apply(x, w, b);
            Assert.False(plain.requires_grad);
            AssertSameBits(z.detach(), plain, "the no-grad forward");
        }
    }

    [Fact]
    public void Where_libtorch_computes_it_each_replica_still_gets_one_models_own_floats()
    {
        // float64 takes libtorch's path (as another device does): each replica through linear and mm as one model.
        const int replicas = 3;
        using var scope = NewDisposeScope();
        using var generator = new Generator(29);
        var x = rand(replicas, 7, 124, generator: generator).to(float64).requires_grad_(true);
        var w = (rand(replicas, 128, 124, generator: generator) - 0.5).to(float64).requires_grad_(true);
        var b = rand(replicas, 1, 128, generator: generator).to(float64).requires_grad_(true);
        var upstream = (rand(replicas, 7, 128, generator: generator) - 0.5).to(float64);
        var z = Affine.Apply(x, w, b);
        z.backward([upstream]);
        var g = (rand(replicas, 7, 128, generator: generator) - 0.5).to(float64);
        var stackedProduct = Affine.Product(g, false, w.detach(), false);
        for (int r = 0; r < replicas; r++)
        {
            var (xr, wr, br) = (x[r].detach().clone().requires_grad_(true), w[r].detach().clone().requires_grad_(true), b[r][0].detach().clone().requires_grad_(true));
            var zr = Affine.Apply(xr, wr, br);
            zr.backward([upstream[r].clone()]);
            AssertSameDoubles(zr, z[r], $"replica {r} output");
            AssertSameDoubles(wr.grad!, w.grad![r], $"replica {r} weight gradient");
            AssertSameDoubles(xr.grad!, x.grad![r], $"replica {r} input gradient");
            AssertSameDoubles(Affine.Product(g[r].clone(), false, wr.detach(), false), stackedProduct[r], $"replica {r} product");
        }
        var buffer = zeros(replicas * 7, 124, float64);
        Assert.Same(buffer, Affine.Product(g, false, w.detach(), false, into: buffer));
        AssertSameDoubles(stackedProduct.view(replicas * 7, 124), buffer, "the product written into a buffer");
    }

    [Theory]
    [InlineData(64, 128)]
    [InlineData(7, 10)]
    [InlineData(5, 13)]
    [InlineData(1, 3)]
    public void Bias_gradients_are_each_columns_sum_row_by_row_in_float(int rows, int width)
    {
        // Worked out one column at a time: from 0, each row's entry added in row order.
        var random = new Random(rows * 31 + width);
        var g = Enumerable.Range(0, rows * width).Select(_ => (float)(random.NextDouble() * 2 - 1) * (random.Next(3) == 0 ? 1e4f : 1f)).ToArray();
        var expected = new float[width];
        for (int j = 0; j < width; j++)
        {
            float sum = 0;
            for (int i = 0; i < rows; i++) sum += g[i * width + j];
            expected[j] = sum;
        }
        var actual = Enumerable.Repeat(float.NaN, width).ToArray();
        Affine.ColumnSums(g, actual);
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void Operands_that_are_not_an_affine_map_are_refused()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => Affine.Apply(zeros(2, 3, 4), zeros(5, 4), zeros(5)));
        Assert.Throws<ArgumentException>(() => Affine.Apply(zeros(3, 4), zeros(5, 4), zeros(1, 5)));
        Assert.Throws<ArgumentException>(() => Affine.Apply(zeros(2, 3, 4), zeros(2, 5, 4), zeros(2, 5)));
        Assert.Throws<ArgumentException>(() => Affine.Apply(zeros(3, 4), zeros(5, 3), zeros(5)));
    }

    [Fact]
    public void A_product_written_into_a_buffer_is_the_fresh_product()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(4);
        var a = rand(3, 9, 5, generator: generator);
        var b = rand(3, 5, 7, generator: generator);
        var buffer = full(27, 7, float.NaN);
        var fresh = Affine.Product(a, false, b, false);
        Affine.Product(a, false, b, false, into: buffer);
        AssertSameBits(fresh.view(27, 7), buffer, "the buffer");
        AssertClose(a.to(float64).bmm(b.to(float64)), fresh, "the product");
        Assert.Throws<ArgumentException>(() => Affine.Product(a, false, b, false, into: zeros(26, 7)));
        Assert.Throws<ArgumentException>(() => Affine.Product(a, false, a, false));
    }

    [Fact]
    public void A_models_outputs_do_not_depend_on_where_its_rows_start()
    {
        // 3 rows of 6 inputs starting anywhere in a larger tensor, 8 bytes past a 64-byte boundary included.
        using var model = new Mlp(6, 4, MlpSpec.Classifier, seed: 8);
        model.SetTraining(false);
        using var generator = new Generator(3);
        using var x = rand(30, 6, generator: generator);
        for (int start = 0; start < 27; start++)
        {
            using var view = x.narrow(0, start, 3);
            using var copy = view.clone();
            using var fromView = model.forward(view);
            using var fromCopy = model.forward(copy);
            AssertSameBits(fromCopy, fromView, $"rows from {start}");
        }
    }

    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        using var scope = NewDisposeScope();
        var e = expected.detach().to(float64);
        var a = actual.detach().to(float64);
        double error = (e - a).abs().max().item<double>(), scale = Math.Max(1, e.abs().max().item<double>());
        Assert.True(error <= 1e-5 * scale, $"{what}: off by {error} (largest entry {scale})");
    }

    private static void AssertSameDoubles(Tensor expected, Tensor actual, string what) =>
        Assert.True(expected.detach().eq(actual.detach()).all().item<bool>(), $"{what}: the doubles differ");

    private static void AssertSameBits(Tensor expected, Tensor actual, string what)
    {
        int differing = TensorData.DifferingFloats(expected, actual);
        Assert.True(differing == 0, $"{what}: {differing} of {expected.numel()} floats differ");
    }
}
