using static TorchSharp.torch;

namespace ALfc.Core.Models;

/// <summary>
/// What an attack needs of a classifier: to switch it to eval mode and back, and ∂L/∂x for an objective of its logits in
/// closed form. <see cref="Mlp"/> takes rows x features; <see cref="MlpStack"/> takes replica-major rows (R·n x features),
/// so A-LFC's training attack runs once over every fused repetition.
/// </summary>
public interface IAttackableModel : IInputGradient
{
    bool IsTraining { get; }

    void SetTraining(bool training);

    /// <summary>The logits of <paramref name="x"/> in the current mode (the module's forward).</summary>
    Tensor forward(Tensor x);

    /// <summary>
    /// The same input gradient over the current weights, for the steps of one attack: the weights must not change while
    /// it lives. The model must be in eval mode.
    /// </summary>
    IFrozenModel Freeze();
}
