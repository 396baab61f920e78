using ALfc.Core.Models;
using static TorchSharp.torch;

namespace ALfc.Tests.Models;

/// <summary>The host-memory helpers that the products, softmaxes and attack steps read tensors through.</summary>
public class TensorDataTests
{
    /// <summary>ShapeOf reads dim() and size(i) instead of TorchSharp's shape; it must give the same sizes for every rank.</summary>
    [Fact]
    public void ShapeOf_gives_the_sizes_shape_gives_at_every_rank()
    {
        using var scope = NewDisposeScope();
        Tensor[] tensors =
        [
            tensor(3f), zeros(0), zeros(7), zeros(64, 1200), zeros(10, 64, 124), zeros(2, 3, 4, 5),
            zeros(5, 4).t(), zeros(6, 8).narrow(1, 2, 3),
        ];
        foreach (var t in tensors) Assert.Equal(t.shape, TensorData.ShapeOf(t));
        Assert.Empty(TensorData.ShapeOf(tensor(3f)));
        Assert.Equal([4L, 5L], TensorData.ShapeOf(zeros(5, 4).t()));
    }
}
