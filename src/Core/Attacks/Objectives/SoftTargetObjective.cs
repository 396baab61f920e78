using ALfc.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Core.Attacks.Objectives;

/// <summary>
/// Cross-entropy against soft targets t (A-LFC's reference schedule attacks the current ρ):
/// L = -Σ_i Σ_k t_ik log softmax(z_i)_k, with ∂L/∂z = softmax(z) · Σ_k t_ik - t (Σ_k t_ik = 1 for a distribution).
/// </summary>
public sealed class SoftTargetObjective(Tensor targets) : AttackObjective
{
    public override Tensor Value(Tensor logits) => -(targets * nn.functional.log_softmax(logits, -1)).sum();

    public override Tensor LogitGradient(Tensor logits) =>
        SmallSoftmax.Softmax(logits).mul_(targets.sum(-1, keepdim: true)).sub_(targets);
}
