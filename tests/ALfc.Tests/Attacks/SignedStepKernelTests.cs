using ALfc.Core.Attacks;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Tests.Attacks;

/// <summary>The one-pass attack step against the tensor operations it replaces, bit for bit.</summary>
public class SignedStepKernelTests
{
    /// <summary>Sizes that reach every loop of the pass: 16 lanes, 8 lanes and the scalar tail, alone and together.</summary>
    [Theory]
    [InlineData(1, 0.03, 0.0075)]
    [InlineData(7, 0.03, 0.0075)]
    [InlineData(8, 8.0 / 255, 2.0 / 255)]
    [InlineData(9, 0.01, 0.0025)]
    [InlineData(16, 0.01, 0.0025)]
    [InlineData(16 + 8 + 7, 0.03, 0.0075)]
    [InlineData(64 * 124, 8.0 / 255, 2.0 / 255)]
    [InlineData(256 * 1200 + 3, 0.05, 0.05)]
    public void The_pass_gives_the_bits_of_the_tensor_form(int size, double epsilon, double step)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)size);
        var x = randn([size], generator: generator);
        // Start inside the ball, some rows exactly on its edge, and a gradient with exact zeros of both signs.
        var xAdversarial = x + (rand([size], generator: generator) * 2 - 1) * epsilon;
        var edge = rand([size], generator: generator).lt(0.1);
        xAdversarial = where(edge, x + epsilon, xAdversarial).contiguous();
        var direction = randn([size], generator: generator);
        direction = where(rand([size], generator: generator).lt(0.1), zeros_like(direction), direction);
        direction = where(rand([size], generator: generator).lt(0.05), full_like(direction, -0.0), direction);
        // NaNs in both: the 16-, 8- and 1-lane loops must pass them through as libtorch's sign and clamp do.
        direction = where(rand([size], generator: generator).lt(0.03), full_like(direction, double.NaN), direction).contiguous();
        xAdversarial = where(rand([size], generator: generator).lt(0.03), full_like(xAdversarial, double.NaN), xAdversarial).contiguous();

        var expected = xAdversarial.clone().add_(direction.clone().sign_(), alpha: step).sub_(x).clamp_(-epsilon, epsilon).add_(x);
        var actual = xAdversarial.clone();
        Assert.True(SignedStepKernel.TryApply(actual, direction, x, step, epsilon));
        Assert.Equal(Bits(expected), Bits(actual));
    }

    [Fact]
    public void Tensors_it_cannot_read_in_place_are_left_to_the_tensor_form()
    {
        using var scope = NewDisposeScope();
        var x = randn(4, 3);
        var transposed = randn(3, 4).t();
        var before = transposed.clone();
        Assert.False(SignedStepKernel.TryApply(transposed, randn(4, 3), x, 0.1, 0.1));
        Assert.False(SignedStepKernel.TryApply(randn(4, 3), randn(4, 3), randn(3, 4), 0.1, 0.1));
        Assert.False(SignedStepKernel.TryApply(randn(4, 3, dtype: ScalarType.Float64), randn(4, 3), x, 0.1, 0.1));
        Assert.Equal(Bits(before), Bits(transposed.contiguous()));
    }

    private static int[] Bits(Tensor t) => t.contiguous().data<float>().ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();
}
