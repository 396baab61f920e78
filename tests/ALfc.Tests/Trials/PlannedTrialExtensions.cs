using ALfc.Core.Evaluation;
using ALfc.Core.Trials;

namespace ALfc.Tests.Trials;

internal static class PlannedTrialExtensions
{
    /// <summary>The spec of a planned training trial (grids plan training trials).</summary>
    public static TrialSpec TrainingSpec(this PlannedTrial trial) => Assert.IsType<TrialSpec>(trial.Spec);
}
