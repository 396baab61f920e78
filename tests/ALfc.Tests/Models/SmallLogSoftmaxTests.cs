using ALfc.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Tests.Models;

/// <summary>The managed log_softmax of few classes against libtorch's, forward and backward, bit for bit.</summary>
public class SmallLogSoftmaxTests
{
    public static TheoryData<int> ClassCounts => new() { 1, 2, 3, 8, 10, 15, 16, 40 };

    [Theory]
    [MemberData(nameof(ClassCounts))]
    public void Forward_and_backward_give_libtorchs_floats(int classes)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)classes + 3);
        foreach (float spread in new[] { 0.01f, 1f, 25f, 300f })
        {
            // 4-D, as CrowdLayer's (replica, row, worker, class) logits.
            var logits = randn([2, 30, 7, classes], generator: generator).mul_(spread).contiguous();
            var values = TensorData.HostFloats(logits);
            values[5] = float.NegativeInfinity;
            for (int c = 1; c < classes; c++) values[classes + c] = -150f;
            var gradient = randn([2, 30, 7, classes], generator: generator);

            var expectedInput = logits.clone().requires_grad_();
            var expected = nn.functional.log_softmax(expectedInput, -1);
            expected.backward([gradient]);
            var actualInput = logits.clone().requires_grad_();
            var actual = SmallLogSoftmax.Apply(actualInput);
            actual.backward([gradient]);

            Assert.Equal(Bits(expected), Bits(actual));
            Assert.Equal(Bits(expectedInput.grad!), Bits(actualInput.grad!));
        }
    }

    [Fact]
    public void Without_a_gradient_it_gives_the_same_floats()
    {
        using var scope = NewDisposeScope();
        var logits = randn(50, 10);
        using (no_grad()) Assert.Equal(Bits(nn.functional.log_softmax(logits, -1)), Bits(SmallLogSoftmax.Apply(logits)));
        var transposed = randn(10, 50).t();
        Assert.Equal(Bits(nn.functional.log_softmax(transposed, -1)), Bits(SmallLogSoftmax.Apply(transposed)));
    }

    /// <summary>As for <see cref="SmallSoftmaxTests"/>: where libtorch's kernel is the slow one, x86 must take the port.</summary>
    [Fact]
    public void On_x86_the_port_is_used_for_rows_shorter_than_libtorchs_vector()
    {
        // The log is SLEEF's AVX-512 build; libtorch's AVX2 build uses another algorithm, which the probe refuses.
        if (LibtorchVector.FloatsPerVector != 16) return;
        for (int classes = 2; classes < 16; classes++) Assert.True(SmallLogSoftmax.Ported(classes), $"{classes} classes");
        Assert.False(SmallLogSoftmax.Ported(16));
    }

    [Theory]
    [InlineData(1f, 0f)]
    [InlineData(2f, 0.6931472f)]
    [InlineData(10f, 2.3025851f)]
    [InlineData(1.4999f, 0.40539849f)]
    [InlineData(1e30f, 69.07755f)]
    public void Log_of_row_sums(float d, float expected)
    {
        float actual = LibtorchLog.Log(d);
        if (expected == 0) Assert.Equal(0f, actual);
        else Assert.InRange(actual / expected, 1 - 1e-6f, 1 + 1e-6f);
        Assert.True(float.IsNaN(LibtorchLog.Log(float.NaN)));
        Assert.Equal(float.PositiveInfinity, LibtorchLog.Log(float.PositiveInfinity));
    }

    private static int[] Bits(Tensor t) => t.detach().contiguous().data<float>().ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();
}
