namespace ALfc.Core.Poisoning.Evaluation;

/// <summary>
/// One worker in the reliability comparison of SubPac's exp 2: its true accuracy against the known truth and the
/// reliability a victim estimated for it (NaN when the victim has none). See <see cref="WorkerReliabilityAnalysis"/>.
/// </summary>
public sealed record WorkerReliability(int Worker, string Id, bool Malicious, int Answers, double TrueAccuracy, double Estimated);
