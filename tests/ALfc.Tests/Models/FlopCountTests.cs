using ALfc.Core.Attacks;
using ALfc.Core.Models;
using static TorchSharp.torch;

namespace ALfc.Tests.Models;

/// <summary>The bench's FLOP counts, against the matrix-product sizes worked out by hand for a 6-4-3 model and 5 rows.</summary>
public class FlopCountTests
{
    // d = 6, h = 4, K = 3, B = 5: a forward is 2·5·(6·4 + 4·3) = 360 FLOPs.
    private const long Forward = 360;

    private static Mlp Model() => new(6, 3, new MlpSpec(4, 0), seed: 3);

    [Fact]
    public void A_forward_without_gradients_costs_its_two_products()
    {
        using var model = Model();
        using var x = ones(5, 6);
        long before = FlopCount.Total;
        using (no_grad()) model.forward(x).Dispose();
        Assert.Equal(Forward, FlopCount.Total - before);
    }

    [Fact]
    public void An_input_gradient_costs_a_forward_and_a_backward_to_the_inputs()
    {
        using var model = Model();
        using var x = ones(5, 6);
        FlopCount.InputBackward(); // settle what another test left pending on this thread (see below)
        long before = FlopCount.Total;
        // ∂h 2·5·4·3 = 120 and ∂x 2·5·6·4 = 240: 360 more.
        model.eval();
        using var gradient = empty_like(x);
        model.InputGradient(x, logits => ones_like(logits), gradient);
        Assert.Equal(2 * Forward, FlopCount.Total - before);
    }

    [Fact]
    public void A_training_backward_costs_the_weight_gradients_and_the_hidden_gradient()
    {
        using var model = Model();
        using var x = ones(5, 6);
        // The count is per thread, and xunit reuses threads: settle any forward another test left pending on this one
        // (it would otherwise be charged to this backward; seen once in a full run: 581448 instead of 840).
        FlopCount.InputBackward();
        long before = FlopCount.Total;
        using (var loss = model.forward(x).sum()) loss.backward();
        FlopCount.TrainingBackward();
        // dW1 2·5·6·4 = 240, dW2 2·5·4·3 = 120, ∂h 120: 480 more.
        Assert.Equal(Forward + 480, FlopCount.Total - before);
    }
}
