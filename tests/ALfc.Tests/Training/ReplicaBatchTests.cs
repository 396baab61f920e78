using ALfc.Core.Models;
using ALfc.Core.Training;
using static TorchSharp.torch;

namespace ALfc.Tests.Training;

/// <summary>
/// A minibatch's rows, gathered from a matrix of items and written back into one: the host copies give what libtorch's
/// index_select and index_copy_ give, for one model and for replica-major rows of fused repetitions, from a matrix all
/// replicas share or one per replica; other tensors (float64 here) take libtorch's path.
/// </summary>
public class ReplicaBatchTests
{
    private const int Items = 7, Width = 5;

    public static TheoryData<long[][]> Batches() => new()
    {
        new[] { new long[] { 3, 0, 6 } },
        new[] { new long[] { 3, 0, 6 }, new long[] { 1, 5, 2 }, new long[] { 6, 4, 0 } },
    };

    [Theory]
    [MemberData(nameof(Batches))]
    public void Gathered_rows_are_index_selects(long[][] items)
    {
        using var scope = NewDisposeScope();
        var batch = Batch(items);
        int replicas = items.Length;
        var shared = arange(Items * Width, dtype: ScalarType.Float32).view(Items, Width);
        var perReplica = arange(replicas * Items * Width, dtype: ScalarType.Float32).view(replicas * Items, Width).neg();
        var sharedExpected = shared.index_select(0, tensor(items.SelectMany(b => b).ToArray()));
        var perReplicaExpected = perReplica.index_select(0, tensor(items.SelectMany((b, r) => b.Select(i => r * Items + i)).ToArray()));
        Assert.Equal(0, TensorData.DifferingFloats(sharedExpected, batch.Rows(shared)));
        Assert.Equal(0, TensorData.DifferingFloats(perReplicaExpected, batch.Rows(perReplica)));
        // Rows of x = (r·Items + i)·Width + j, so every gathered value names the row it came from.
        Assert.Equal(-(float)((replicas - 1) * Items + items[^1][0]) * Width, batch.Rows(perReplica)[(replicas - 1) * 3, 0].item<float>());
        var wide = shared.to(ScalarType.Float64);
        Assert.Equal(0, (batch.Rows(wide) - sharedExpected.to(ScalarType.Float64)).abs().sum().item<double>());
    }

    [Theory]
    [MemberData(nameof(Batches))]
    public void Rows_written_back_land_where_index_copy_puts_them(long[][] items)
    {
        using var scope = NewDisposeScope();
        var batch = Batch(items);
        int replicas = items.Length;
        var rows = randn(replicas * items[0].Length, Width);
        var expected = zeros(replicas * Items, Width).index_copy_(0, tensor(items.SelectMany((b, r) => b.Select(i => r * Items + i)).ToArray()), rows);
        var actual = zeros(replicas * Items, Width);
        batch.CopyInto(actual, rows);
        Assert.Equal(0, TensorData.DifferingFloats(expected, actual));
        var wide = zeros(replicas * Items, Width, ScalarType.Float64);
        batch.CopyInto(wide, rows.to(ScalarType.Float64));
        Assert.Equal(0, (wide - expected.to(ScalarType.Float64)).abs().sum().item<double>());
    }

    private static ReplicaBatch Batch(long[][] items) => new(tensor(items.SelectMany(b => b).ToArray()), items, Items);
}
