namespace ALfc.Core.Poisoning;

/// <summary>Where a poisoning attack is: outer round and inner step of its optimisation, and the current loss (NaN when the attack has none).</summary>
public readonly record struct PoisoningProgress(int Round, int Rounds, int Step, int Steps, double Loss);
