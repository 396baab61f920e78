using static TorchSharp.torch;

namespace ALfc.Tests.Build;

/// <summary>
/// Proves the build's native fix-up worked: on Debian 12 libLibTorchSharp.so would not even load
/// without it. Values are worked out by hand.
/// </summary>
public class TorchSharpLoadsTests
{
    [Fact]
    public void Matmul_gives_the_hand_computed_product()
    {
        using var a = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        using var b = tensor(new float[] { 5, 6, 7, 8 }, [2, 2]);
        using var c = a.matmul(b);
        // [[1*5+2*7, 1*6+2*8], [3*5+4*7, 3*6+4*8]]
        Assert.Equal(new float[] { 19, 22, 43, 50 }, c.data<float>().ToArray());
    }

    [Fact]
    public void Backward_gives_the_analytic_gradient()
    {
        // f(x) = sum(x^3 + 2x): df/dx = 3x^2 + 2.
        using var x = tensor(new float[] { -1, 0.5f, 2 }, requires_grad: true);
        using var f = (x.pow(3) + 2 * x).sum();
        f.backward();
        Assert.Equal(new[] { 5f, 2.75f, 14f }, x.grad!.data<float>().ToArray());
    }
}
