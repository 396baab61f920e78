using static TorchSharp.torch;

namespace ALfc.Core.Models;

/// <summary>
/// ∂L/∂x of a classifier for an objective of its logits, in closed form, written into the caller's buffer: a model in
/// eval mode (<see cref="IAttackableModel"/>, its tensor path) or one frozen for the steps of an attack
/// (<see cref="IFrozenModel"/>).
/// </summary>
public interface IInputGradient
{
    /// <summary>Writes ∂L/∂x into <paramref name="gradient"/> (shaped as <paramref name="x"/>), the model in eval mode.</summary>
    void InputGradient(Tensor x, Func<Tensor, Tensor> logitGradient, Tensor gradient);
}
