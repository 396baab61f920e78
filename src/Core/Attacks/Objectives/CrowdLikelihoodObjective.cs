using ALfc.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Core.Attacks.Objectives;

/// <summary>
/// A-LFC's training attack (paper eq. 7's likelihood): L = -Σ_i log Σ_k p(k | x_i) Π_j π^(j)[k, y_ij]
/// = -Σ_i [lse_k(z_ik + ℓ_ik) - lse_k(z_ik)], with ℓ_ik = log Π_j π^(j)[k, y_ij] fixed during the attack, so
/// ∂L/∂z = softmax(z) - softmax(z + ℓ).
/// </summary>
public sealed class CrowdLikelihoodObjective(Tensor logLikelihood) : AttackObjective
{
    public override Tensor Value(Tensor logits) => -nn.functional.log_softmax(logits, -1).add(logLikelihood, LiveScalars.One).logsumexp(-1).sum();

    public override Tensor LogitGradient(Tensor logits) =>
        SmallSoftmax.Difference(logits, logLikelihood);
}
