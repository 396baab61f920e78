using ALfc.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Core.Attacks.Objectives;

/// <summary>
/// The A-LFC authors' "CW" margin on probabilities: L = -Σ_i relu(p_iy - p_ib), p = softmax(z), b the best class other
/// than y. With ∂p_c/∂z_k = p_c(δ_ck - p_k), the gradient of a row whose margin m = p_y - p_b is positive is
/// ∂L/∂z = -(p_y e_y - p_b e_b - m p), and zero where m ≤ 0 (relu'(0) = 0, as autograd takes it).
/// </summary>
public sealed class ProbabilityMarginObjective(Tensor labels) : AttackObjective
{
    public override Tensor Value(Tensor logits)
    {
        var (p, trueClass, bestOther, _) = Margin(logits);
        return -nn.functional.relu(trueClass - bestOther).sum();
    }

    public override Tensor LogitGradient(Tensor logits)
    {
        using var scope = NewDisposeScope();
        var (p, trueClass, bestOther, best) = Margin(logits);
        var margin = trueClass - bestOther;
        var gradient = p * margin.unsqueeze(1);
        gradient.scatter_add_(1, labels.unsqueeze(1), -trueClass.unsqueeze(1));
        gradient.scatter_add_(1, best.unsqueeze(1), bestOther.unsqueeze(1));
        return gradient.mul_(margin.gt(LiveScalars.Zero).unsqueeze(1)).MoveToOuterDisposeScope();
    }

    private (Tensor P, Tensor TrueClass, Tensor BestOther, Tensor Best) Margin(Tensor logits)
    {
        var p = SmallSoftmax.Softmax(logits);
        var trueClass = p.gather(1, labels.unsqueeze(1)).squeeze(1);
        // Mask the true class out with -1 (probabilities are >= 0) before taking the best other class.
        var (bestOther, best) = p.scatter(1, labels.unsqueeze(1), full_like(trueClass.unsqueeze(1), LiveScalars.Of(-1.0))).max(1);
        return (p, trueClass, bestOther, best);
    }
}
