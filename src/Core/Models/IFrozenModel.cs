namespace ALfc.Core.Models;

/// <summary>
/// A classifier's closed-form input gradient over weights that stay as they are while this lives: the steps of one
/// attack (<see cref="IAttackableModel.Freeze"/>). Holding the weights fixed lets an implementation prepare them once
/// (<see cref="FrozenMlp"/> packs W and Wᵀ for its products) instead of at every step.
/// </summary>
public interface IFrozenModel : IInputGradient, IDisposable;
