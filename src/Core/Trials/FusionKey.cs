namespace ALfc.Core.Trials;

/// <summary>
/// Which trials may run as one unit of fused repetitions: trials with equal <see cref="Key"/> differ only in their seed,
/// and up to <see cref="Width"/> of them train as one batched model (<see cref="ITrialKind.RunUnit"/>).
/// </summary>
public sealed record FusionKey(string Key, int Width);
