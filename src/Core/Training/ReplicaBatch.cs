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
    public Tensor Rows(Tensor source) => Replicas > 1 && source.size(0) == (long)Replicas * ItemCount
        ? source.index_select(0, PerReplicaIndex())
        : source.index_select(0, Index);

    /// <summary>Writes <paramref name="rows"/> (R·B x F) into R·items x F replica-major rows, at this batch's rows.</summary>
    public void CopyInto(Tensor destination, Tensor rows)
    {
        using var noGrad = no_grad();
        destination.index_copy_(0, Replicas == 1 ? Index : PerReplicaIndex(), rows);
    }

    /// <summary>Row r·items + i of replica-major rows for every (r, i) of the batch.</summary>
    private Tensor PerReplicaIndex() =>
        Index.add(arange(LiveScalars.Zero, LiveScalars.Of((long)Replicas), LiveScalars.One, dtype: ScalarType.Int64, device: Index.device)
            .mul_(LiveScalars.Of((long)ItemCount)).repeat_interleave(Size), LiveScalars.One);
}
