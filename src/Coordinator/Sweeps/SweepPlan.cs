using ALfc.Core.Trials;

namespace ALfc.Coordinator.Sweeps;

/// <summary>
/// What a sweep runs: its name (the sweep id), the grid as given (kept in the store), and every planned trial, of
/// any kind. A grid file becomes one through <see cref="GridSpec.Plan"/>; tests may build one directly.
/// </summary>
public sealed record SweepPlan(string Name, string Json, IReadOnlyList<PlannedTrial> Trials);
