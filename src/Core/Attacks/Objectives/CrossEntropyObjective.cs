using ALfc.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Core.Attacks.Objectives;

/// <summary>
/// The untargeted attacks' objective: L = Σ_i -log softmax(z_i)_{y_i}, with ∂L/∂z = softmax(z) - onehot(y).
/// </summary>
public sealed class CrossEntropyObjective(Tensor labels) : AttackObjective
{
    public override Tensor Value(Tensor logits) => nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum);

    public override Tensor LogitGradient(Tensor logits) =>
        SmallSoftmax.Softmax(logits).scatter_add_(1, labels.unsqueeze(1), full(labels.size(0), 1, LiveScalars.Of(-1.0), dtype: logits.dtype, device: logits.device));
}
