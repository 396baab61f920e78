using ALfc.Core.Poisoning;

namespace ALfc.Coordinator.Reports;

/// <summary>
/// A sweep's poisoning trials for the report: every planned spec (done or not), so that a setting no seed has finished
/// keeps its row, and the records of those that finished.
/// </summary>
public sealed record PoisoningTrials(IReadOnlyList<PoisoningSpec> Planned, IReadOnlyList<PoisoningResult> Done);
