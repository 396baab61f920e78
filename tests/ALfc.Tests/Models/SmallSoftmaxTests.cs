using ALfc.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Tests.Models;

/// <summary>The managed softmax of few classes against libtorch's, bit for bit, and the cases it leaves to libtorch.</summary>
public class SmallSoftmaxTests
{
    public static TheoryData<int> ClassCounts => new() { 1, 2, 3, 7, 8, 10, 15, 16, 40 };

    [Theory]
    [MemberData(nameof(ClassCounts))]
    public void Softmax_gives_libtorchs_floats(int classes)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)classes + 7);
        foreach (float spread in new[] { 0.01f, 1f, 25f, 300f })
        {
            var logits = Logits(classes, spread, generator);
            Assert.Equal(Bits(nn.functional.softmax(logits, -1)), Bits(SmallSoftmax.Softmax(logits)));
        }
    }

    [Theory]
    [MemberData(nameof(ClassCounts))]
    public void The_crowd_gradient_gives_the_floats_of_its_tensor_form(int classes)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)classes + 11);
        var logits = Logits(classes, 5f, generator);
        // Log-likelihoods of worker answers: sums of logs of probabilities, so at most 0 and often far below.
        var offsets = rand([logits.shape[0], classes], generator: generator).log_().mul_(20);
        // Rows whose max is a zero of either sign, before and after the offsets (the row max's vector path leaves those to
        // its loop), and one far below the rest.
        Span<float> z = TensorData.HostFloats(logits), l = TensorData.HostFloats(offsets);
        for (int c = 0; c < classes; c++)
        {
            (z[3 * classes + c], l[3 * classes + c]) = (c % 2 == 0 ? -0f : -2f, -0f);
            (z[4 * classes + c], l[4 * classes + c]) = (c % 3 == 0 ? 0f : -0f, c == 1 ? 0f : -1f);
            (z[5 * classes + c], l[5 * classes + c]) = (-90f - c, -30f);
        }
        var expected = nn.functional.softmax(logits, -1).sub_(nn.functional.softmax(logits + offsets, -1));
        Assert.Equal(Bits(expected), Bits(SmallSoftmax.Difference(logits, offsets)));
    }

    [Fact]
    public void A_row_with_a_nan_is_all_nan_as_in_libtorch()
    {
        using var scope = NewDisposeScope();
        var logits = randn(40, 10);
        var offsets = -rand(40, 10) * 5;
        TensorData.HostFloats(logits)[7 * 10 + 4] = float.NaN;
        TensorData.HostFloats(offsets)[12 * 10 + 9] = float.NaN;
        var expected = nn.functional.softmax(logits, -1).sub_(nn.functional.softmax(logits + offsets, -1));
        var actual = SmallSoftmax.Difference(logits, offsets);
        var (e, a) = (TensorData.HostFloats(expected).ToArray(), TensorData.HostFloats(actual).ToArray());
        for (int i = 0; i < e.Length; i++)
            Assert.True(float.IsNaN(e[i]) ? float.IsNaN(a[i]) : BitConverter.SingleToInt32Bits(e[i]) == BitConverter.SingleToInt32Bits(a[i]), $"entry {i}: {a[i]:R}, libtorch {e[i]:R}");
        Assert.Equal(20, a.Count(float.IsNaN));
    }

    /// <summary>
    /// The managed path must actually be taken where libtorch's kernel is the slow one (rows shorter than its vector, see
    /// <see cref="LibtorchVector"/>), or the speed-up is lost unseen.
    /// </summary>
    [Fact]
    public void On_x86_the_port_is_used_for_rows_shorter_than_libtorchs_vector()
    {
        if (LibtorchVector.FloatsPerVector is not int vector) return;
        for (int classes = 2; classes < vector; classes++) Assert.True(SmallSoftmax.Ported(classes), $"{classes} classes");
        Assert.False(SmallSoftmax.Ported(1));
        Assert.False(SmallSoftmax.Ported(16));
    }

    [Fact]
    public void Views_and_tensors_that_need_a_gradient_or_are_not_contiguous_rows_give_libtorchs_result()
    {
        using var scope = NewDisposeScope();
        var logits = randn(6, 10).requires_grad_();
        var p = SmallSoftmax.Softmax(logits);
        Assert.True(p.requires_grad);
        p.sum().backward();
        Assert.NotNull(logits.grad);

        // Rows inside a larger tensor: contiguous, but starting at an offset into its storage.
        var inner = randn(40, 10).narrow(0, 7, 20);
        Assert.Equal(Bits(nn.functional.softmax(inner, -1)), Bits(SmallSoftmax.Softmax(inner)));
        var offsets = randn(40, 10).narrow(0, 3, 20);
        Assert.Equal(Bits(nn.functional.softmax(inner, -1).sub_(nn.functional.softmax(inner + offsets, -1))),
            Bits(SmallSoftmax.Difference(inner, offsets)));

        var transposed = randn(10, 6).t();
        Assert.Equal(Bits(nn.functional.softmax(transposed, -1)), Bits(SmallSoftmax.Softmax(transposed)));
        var doubles = randn(6, 10, dtype: ScalarType.Float64);
        Assert.Equal(ScalarType.Float64, SmallSoftmax.Softmax(doubles).dtype);
    }

    [Theory]
    [InlineData(0f, 1f)]
    [InlineData(-1f, 0.36787945f)]
    [InlineData(-80f, 1.8048514e-35f)]
    [InlineData(-104.5f, 0f)]
    [InlineData(float.NegativeInfinity, 0f)]
    [InlineData(100.5f, float.PositiveInfinity)]
    public void Exp_near_the_edges(float d, float expected)
    {
        float actual = LibtorchExp.Exp(d);
        if (expected == 0 || float.IsInfinity(expected)) Assert.Equal(expected, actual);
        else Assert.InRange(actual / expected, 1 - 1e-6f, 1 + 1e-6f);
        var values = Enumerable.Repeat(d, 11).ToArray();
        LibtorchExp.ExpInPlace(values);
        Assert.All(values, v => Assert.Equal(BitConverter.SingleToInt32Bits(LibtorchExp.Exp(d)), BitConverter.SingleToInt32Bits(v)));
    }

    /// <summary>Rows of logits with -∞ entries, a row whose other entries underflow and a row of ties.</summary>
    private static Tensor Logits(int classes, float spread, Generator generator)
    {
        var logits = randn([300, classes], generator: generator).mul_(spread).contiguous();
        var values = TensorData.HostFloats(logits);
        values[5] = float.NegativeInfinity;
        for (int c = 1; c < classes; c++) values[classes + c] = -150f;
        for (int c = 0; c < classes; c++) values[2 * classes + c] = 1.25f;
        return logits;
    }

    private static int[] Bits(Tensor t) => t.detach().contiguous().data<float>().ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();
}
