using static TorchSharp.torch;

namespace ALfc.Core.Models;

/// <summary>
/// The affine map of R stacked replicas, computed replica by replica with <c>Linear</c>'s own operations, forward and
/// backward: Z_r = X_r W_rᵀ + b_r (libtorch's addmm), and with G = ∂L/∂Z, ∂L/∂X_r = G_r W_r, ∂L/∂W_r = G_rᵀ X_r and
/// ∂L/∂b_r = Σ_rows G_r (X: R x n x D, W: R x H x D, b: R x 1 x H). The replicas' results are stacked, so the rest of
/// a fused step (activations, dropout, losses, softmaxes, Adam, the EM state) still runs once over all replicas.
/// <para>Why not one <c>bmm</c> plus an add: its floats equal <c>Linear</c>'s only for some shapes on some CPUs. On this
/// project's AVX-512 machines the forward differed for 5 or 7 rows of 124 inputs and for every row count of 512 or 1200
/// inputs, and bmm's weight gradient (bmm(Xᵀ, G), transposed) differed from <c>Linear</c>'s Gᵀ X in 80 to 355 of a
/// 10 x 128 layer's 1280 entries, so a fused repetition drifted from the same seed trained alone. Computed as here, a
/// fused replica gets the floats it gets alone by construction, on any CPU and for any minibatch size. Each operand is
/// also handed to MKL 64-byte aligned, as a stand-alone model's are, since a misaligned block of rows could round
/// differently.</para>
/// </summary>
internal sealed class ReplicaAffine : autograd.MultiTensorFunction<ReplicaAffine>
{
    private const string InputNeedsGradient = "x needs a gradient";

    public override string Name => nameof(ReplicaAffine);

    /// <summary>Z = X Wᵀ + b per replica (R x n x H); with gradients on, records the per-replica backward.</summary>
    public static Tensor Apply(Tensor x, Tensor w, Tensor b) => is_grad_enabled() ? apply(x, w, b)[0] : Forward(x, w, b);

    public override List<Tensor> forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (x, w, b) = ((Tensor)vars[0], (Tensor)vars[1], (Tensor)vars[2]);
        ctx.save_for_backward([x, w]);
        ctx.save_data(InputNeedsGradient, x.requires_grad);
        return [Forward(x, w, b)];
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, List<Tensor> gradients)
    {
        using var scope = NewDisposeScope();
        var saved = ctx.get_saved_variables();
        var (x, w) = (saved[0], saved[1]);
        var g = gradients[0].contiguous();
        int replicas = (int)w.shape[0];
        // Linear's backward (addmm's): the input gradient G_r W_r, the weight gradient as mm of the transposed view
        // G_rᵀ X_r, the bias gradient a sum over the rows.
        var gx = (bool)ctx.get_data(InputNeedsGradient) ? PerReplica(replicas, r => Aligned(g[r]).mm(Aligned(w[r]))) : null;
        var gw = PerReplica(replicas, r => Aligned(g[r]).t().mm(Aligned(x[r])));
        var gb = PerReplica(replicas, r => g[r].sum([0])).unsqueeze(1);
        return [gx?.MoveToOuterDisposeScope()!, gw.MoveToOuterDisposeScope(), gb.MoveToOuterDisposeScope()];
    }

    private static Tensor Forward(Tensor x, Tensor w, Tensor b)
    {
        using var scope = NewDisposeScope();
        return PerReplica((int)w.shape[0], r => nn.functional.linear(Aligned(x[r]), Aligned(w[r]), b[r][0])).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A replica's block as a stand-alone model would hold it: MKL rounded a product of 3 rows x 6 inputs differently
    /// when its rows started 8 bytes past a 64-byte boundary instead of on one, so misaligned blocks are copied.
    /// </summary>
    private static Tensor Aligned(Tensor block) => TensorData.CpuAligned(block);

    private static Tensor PerReplica(int replicas, Func<int, Tensor> part) =>
        stack(Enumerable.Range(0, replicas).Select(part).ToArray(), 0);
}
