using static TorchSharp.torch;

namespace ALfc.Core.Training;

/// <summary>
/// One minibatch of every fused repetition (replica): replica r takes rows <see cref="Items"/>[r] of its own shuffle,
/// and every replica's batch has the same size. <see cref="Index"/> holds them as an R x B int64 tensor on the model's
/// device. It lives in the step's dispose scope.
/// </summary>
public sealed class LaneBatch(Tensor index, long[][] items)
{
    /// <summary>R x B row indices.</summary>
    public Tensor Index { get; } = index;

    /// <summary>The same indices on the host, per replica.</summary>
    public long[][] Items { get; } = items;

    public int Replicas => Items.Length;

    public int Size => Items[0].Length;

    /// <summary>
    /// The batch's rows of <paramref name="source"/> as R x B x F: from one items x F matrix all replicas share (the
    /// features), or from an R x items x F tensor with a matrix per replica (A-LFC's adversarial inputs, soft targets).
    /// </summary>
    public Tensor Rows(Tensor source)
    {
        if (source.dim() == 2)
            return source.index_select(0, Index.view(-1)).view(Replicas, Size, source.shape[1]);
        return source.view(-1, source.shape[2]).index_select(0, FlatIndex(source.shape[1])).view(Replicas, Size, source.shape[2]);
    }

    /// <summary>
    /// Writes <paramref name="rows"/> (R x B x F) into an R x items x F tensor at this batch's rows, replica by replica.
    /// </summary>
    public void CopyInto(Tensor destination, Tensor rows)
    {
        using var noGrad = no_grad();
        destination.view(-1, destination.shape[2]).index_copy_(0, FlatIndex(destination.shape[1]), rows.reshape(-1, rows.shape[2]));
    }

    /// <summary>Row r·items + i of the flattened per-replica tensor for every (r, i) of the batch.</summary>
    private Tensor FlatIndex(long itemsInSource)
    {
        var offsets = arange(Replicas, dtype: ScalarType.Int64, device: Index.device).mul_(itemsInSource).unsqueeze(1);
        return (Index + offsets).view(-1);
    }
}
