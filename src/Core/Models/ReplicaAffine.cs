using static TorchSharp.torch;

namespace ALfc.Core.Models;

/// <summary>
/// The affine map of R stacked replicas, with every replica getting <c>Linear</c>'s own floats, forward and backward:
/// Z_r = X_r W_rᵀ + b_r (libtorch's addmm), and with G = ∂L/∂Z, ∂L/∂X_r = G_r W_r, ∂L/∂W_r = G_rᵀ X_r and
/// ∂L/∂b_r = Σ_rows G_r (X: R x n x D, W: R x H x D, b: R x 1 x H). The results are stacked, so the rest of a fused step
/// (activations, dropout, losses, softmaxes, the optimiser, the EM state) runs once over all replicas.
/// <para>Each product goes through <see cref="BatchedProducts"/>: one batched <c>bmm</c> where that gives exactly the
/// per-replica product's floats for the shape on this machine, replica by replica otherwise. Plain autograd over bmm is
/// not enough: its weight gradient is bmm(Xᵀ, G), transposed, while <c>Linear</c>'s is the product Gᵀ X, and on this
/// project's AVX-512 machines the two differed in 80 to 355 of a 10 x 128 output layer's 1280 entries. So a fused
/// replica trains to the bits of the same seed alone on any CPU and for any minibatch size.</para>
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
        var (x, w) = (TensorData.CpuAligned(saved[0]), saved[1]);
        var g = TensorData.CpuAligned(gradients[0].contiguous());
        var gx = (bool)ctx.get_data(InputNeedsGradient) ? BatchedProducts.Compute(BatchedProducts.Kind.Product, g, w) : null;
        // Linear's weight gradient is mm of the transposed view, G_rᵀ X_r.
        var gw = BatchedProducts.Compute(BatchedProducts.Kind.TransposedLeft, g, x);
        var gb = stack(Enumerable.Range(0, (int)w.shape[0]).Select(r => g[r].sum([0])).ToArray(), 0).unsqueeze(1);
        return [gx?.MoveToOuterDisposeScope()!, gw.MoveToOuterDisposeScope(), gb.MoveToOuterDisposeScope()];
    }

    private static Tensor Forward(Tensor x, Tensor w, Tensor b) =>
        BatchedProducts.Compute(BatchedProducts.Kind.Affine, TensorData.CpuAligned(x), w, b);
}
