using ALfc.Core.Models;
using static TorchSharp.torch;

namespace ALfc.Core.Training;

/// <summary>
/// One minibatch of every fused repetition (replica): replica r takes rows <see cref="Items"/>[r] of its own shuffle of
/// the epoch's <see cref="ItemCount"/> items, and every replica's batch has the same size. Tensors of a fused run are
/// replica-major rows: R·n rows, replica r's n rows from r·n. <see cref="Index"/> holds the batch as R·B indices on the
/// model's device. It lives in the step's dispose scope.
/// </summary>
public sealed class ReplicaBatch(Tensor index, long[][] items, int itemCount)
{
    /// <summary>The R·B row indices, replica by replica.</summary>
    public Tensor Index { get; } = index;

    /// <summary>The same indices on the host, per replica.</summary>
    public long[][] Items { get; } = items;

    /// <summary>How many items each replica's epoch runs over.</summary>
    public int ItemCount { get; } = itemCount;

    public int Replicas => Items.Length;

    public int Size => Items[0].Length;

    /// <summary>
    /// The batch's rows of <paramref name="source"/>, R·B x F: from one items x F matrix all replicas share (the
    /// features), or from R·items x F replica-major rows, a matrix per replica (A-LFC's adversarial inputs, soft targets).
    /// </summary>
    public Tensor Rows(Tensor source)
    {
        bool perReplica = Replicas > 1 && source.size(0) == (long)Replicas * ItemCount;
        if (TensorData.IsHostFloat32(source) && !source.requires_grad && TensorData.ShapeOf(source) is [_, var width])
        {
            var rows = empty(Replicas * (long)Size, width, ScalarType.Float32, device: CPU);
            CopyRows(TensorData.HostFloats(source), TensorData.HostFloats(rows), (int)width, perReplica, gather: true);
            return rows;
        }
        return source.index_select(0, perReplica ? PerReplicaIndex() : Index);
    }

    /// <summary>Writes <paramref name="rows"/> (R·B x F) into R·items x F replica-major rows, at this batch's rows.</summary>
    public void CopyInto(Tensor destination, Tensor rows)
    {
        if (TensorData.IsHostFloat32(destination) && TensorData.IsHostFloat32(rows)
            && TensorData.ShapeOf(destination) is [var n, var width] && n == (long)Replicas * ItemCount
            && TensorData.ShapeOf(rows) is [var m, var rowWidth] && m == (long)Replicas * Size && rowWidth == width)
        {
            CopyRows(TensorData.HostFloats(destination), TensorData.HostFloats(rows), (int)width, perReplica: true, gather: false);
            return;
        }
        using var noGrad = no_grad();
        destination.index_copy_(0, Replicas == 1 ? Index : PerReplicaIndex(), rows);
    }

    /// <summary>
    /// Row copies between a matrix of items (<paramref name="perReplica"/>: R·items replica-major rows, else items rows all
    /// replicas share) and the batch's R·B rows, gathered from it or scattered into it: the floats index_select and
    /// index_copy_ give. Why not those: each is a libtorch call, and for fused repetitions four more build the index.
    /// In a throwaway micro-benchmark (2026-12-06), writing sentiment's 64 adversarial rows back took 29-32 µs with
    /// index_copy_ and 4-7 µs here (1.6 % of an A-LFC step's samples had been in index_copy_, <c>perf</c> with DWARF
    /// call graphs); for music fused by 10, gathering took 16 µs against 8.6 and writing back 39 µs against 7.
    /// </summary>
    private void CopyRows(Span<float> items, Span<float> batchRows, int width, bool perReplica, bool gather)
    {
        for (int r = 0; r < Replicas; r++)
        {
            long offset = perReplica ? (long)r * ItemCount : 0;
            var batch = Items[r];
            for (int b = 0; b < batch.Length; b++)
            {
                var item = items.Slice((int)((offset + batch[b]) * width), width);
                var row = batchRows.Slice((r * Size + b) * width, width);
                if (gather) item.CopyTo(row);
                else row.CopyTo(item);
            }
        }
    }

    /// <summary>Row r·items + i of replica-major rows for every (r, i) of the batch.</summary>
    private Tensor PerReplicaIndex() =>
        Index.add(arange(LiveScalars.Zero, LiveScalars.Of((long)Replicas), LiveScalars.One, dtype: ScalarType.Int64, device: Index.device)
            .mul_(LiveScalars.Of((long)ItemCount)).repeat_interleave(Size), LiveScalars.One);
}
