namespace ALfc.Core.Poisoning.Evaluation;

/// <summary>
/// How one victim aggregator fared against a poisoned answer set: accuracy on the clean and on the poisoned
/// answers (items with known truth only), the attack success rate (<see cref="AttackSuccessRate"/>) and how many
/// items' labels changed between the two runs (all items, truth or not).
/// </summary>
public sealed record VictimScore(string Victim, double CleanAccuracy, double PoisonedAccuracy, double Asr, int LabelsChanged, int Items);
