using ALfc.Core.Models;
using static TorchSharp.torch;

namespace ALfc.Tests.Models;

/// <summary>
/// The stacked affine map of fused repetitions gives every replica <c>Linear</c>'s own floats, forward and backward, at
/// the shapes where a batched bmm did not on this project's AVX-512 machines (5 and 7 rows of 124 inputs, 64 rows of 512
/// inputs, a 10-class output layer's weight gradient), and models give the same floats whatever their input's alignment.
/// </summary>
public class ReplicaAffineTests
{
    [Theory]
    [InlineData(5, 124, 128)]
    [InlineData(7, 124, 128)]
    [InlineData(64, 128, 10)]
    [InlineData(64, 512, 128)]
    [InlineData(3, 6, 4)]
    public void Each_replica_gets_Linears_own_output_and_gradients(int rows, int inputs, int outputs)
    {
        const int replicas = 4;
        using var scope = NewDisposeScope();
        using var generator = new Generator(17);
        var x = rand(replicas, rows, inputs, generator: generator).requires_grad_(true);
        var w = (rand(replicas, outputs, inputs, generator: generator) - 0.5).requires_grad_(true);
        var b = rand(replicas, 1, outputs, generator: generator).requires_grad_(true);
        var upstream = rand(replicas, rows, outputs, generator: generator) - 0.5;

        var z = ReplicaAffine.Apply(x, w, b);
        z.backward([upstream]);

        for (int r = 0; r < replicas; r++)
        {
            var xr = x[r].detach().clone().requires_grad_(true);
            var wr = w[r].detach().clone().requires_grad_(true);
            var br = b[r][0].detach().clone().requires_grad_(true);
            var zr = nn.functional.linear(xr, wr, br);
            zr.backward([upstream[r].clone()]);
            AssertSameBits(zr, z[r], $"replica {r} output, against Linear's,");
            AssertSameBits(wr.grad!, w.grad![r], $"replica {r} weight gradient");
            AssertSameBits(br.grad!, b.grad![r][0], $"replica {r} bias gradient");
            AssertSameBits(xr.grad!, x.grad![r], $"replica {r} input gradient");
        }
        // Without gradients the same forward runs, with no graph.
        using (no_grad())
        {
            var plain = ReplicaAffine.Apply(x, w, b);
            Assert.False(plain.requires_grad);
            AssertSameBits(z.detach(), plain, "the no-grad forward");
        }
    }

    [Theory]
    [InlineData(5, 124, 128)]
    [InlineData(64, 124, 128)]
    [InlineData(64, 128, 10)]
    [InlineData(64, 10, 128)]
    [InlineData(64, 512, 128)]
    public void Batched_products_are_used_only_where_they_give_each_replicas_own_floats(int rows, int k, int m)
    {
        // The probe's answer, checked on other data than the probe drew: where it says bmm matches, it matches here too
        // (kernel choice does not depend on the values); where bmm differs on this data, the probe said no.
        const int replicas = 3;
        using var scope = NewDisposeScope();
        using var generator = new Generator(99);
        var a = rand(replicas, rows, k, generator: generator) - 0.5;
        var b = rand(replicas, k, m, generator: generator) - 0.5;
        bool same = Enumerable.Range(0, replicas).All(r =>
            TensorData.Floats(bmm(a, b)[r]).SequenceEqual(TensorData.Floats(a[r].clone().mm(b[r].clone()))));
        bool match = BatchedProducts.Match(BatchedProducts.Kind.Product, replicas, rows, k, m, CPU);
        if (match) Assert.True(same, "the probe allowed bmm, but it differs from mm on other data");
        var bt = rand(replicas, rows, m, generator: generator) - 0.5;
        bool sameTransposed = Enumerable.Range(0, replicas).All(r =>
            TensorData.Floats(bmm(a.transpose(1, 2), bt)[r]).SequenceEqual(TensorData.Floats(a[r].clone().t().mm(bt[r].clone()))));
        if (BatchedProducts.Match(BatchedProducts.Kind.TransposedLeft, replicas, rows, k, m, CPU))
            Assert.True(sameTransposed, "the probe allowed bmm for Aᵀ B, but it differs from mm on other data");
    }

    [Fact]
    public void Alignment_is_read_from_the_data_address()
    {
        using var x = zeros(8, 6);
        Assert.True(TensorData.IsCpuAligned(x));
        using var offByTwoRows = x.narrow(0, 2, 3); // 48 bytes in
        Assert.False(TensorData.IsCpuAligned(offByTwoRows));
        using var copy = TensorData.CpuAligned(offByTwoRows);
        Assert.True(TensorData.IsCpuAligned(copy));
        using var onBoundary = zeros(8, 16).narrow(0, 1, 2); // 64 bytes in
        Assert.True(TensorData.IsCpuAligned(onBoundary));
        Assert.Same(onBoundary, TensorData.CpuAligned(onBoundary));
    }

    [Fact]
    public void A_models_outputs_do_not_depend_on_where_its_rows_start()
    {
        // 3 rows of 6 inputs starting 8 bytes past a 64-byte boundary: MKL rounded this product differently from the
        // same rows on a boundary before Mlp aligned its input.
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

    private static void AssertSameBits(Tensor expected, Tensor actual, string what)
    {
        int differing = TensorData.DifferingFloats(expected, actual);
        Assert.True(differing == 0, $"{what}: {differing} of {expected.numel()} floats differ");
    }
}
