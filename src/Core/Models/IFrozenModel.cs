using static TorchSharp.torch;

namespace ALfc.Core.Models;

/// <summary>
/// A classifier's closed-form input gradient over weights that stay as they are while this lives: the steps of one
/// attack (<see cref="IAttackableModel.Freeze"/>). Holding the weights fixed lets an implementation prepare them once
/// (<see cref="FrozenMlp"/> packs W and Wᵀ for its products) instead of at every step.
/// </summary>
public interface IFrozenModel : IInputGradient, IDisposable
{
    /// <summary>
    /// The logits of <paramref name="x"/> (the model's rows layout) over the frozen weights in eval mode, with the floats
    /// of the model's own eval-mode forward; a new tensor. A-LFC's E-step takes its probabilities here, from the weights
    /// its training attack then freezes anyway.
    /// </summary>
    Tensor Logits(Tensor x);
}
