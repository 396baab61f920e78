using ALfc.Core.Evaluation;
using ALfc.Coordinator.Sweeps;

namespace ALfc.Coordinator.Bench;

/// <summary>
/// A preset's wall time on this machine, estimated from one measured trial per (dataset, method): every training trial
/// of the preset costs what its (dataset, method) measured (alphas and seeds do not change the work), and the slots run
/// side by side, so the wall time is the total over the slot count. It assumes slots do not slow each other down,
/// which holds for one-thread slots up to the core count only as far as memory bandwidth allows: a lower bound.
/// </summary>
internal sealed record PresetEstimate(string Preset, int TrainingTrials, int Slots, double TotalSeconds)
{
    public double WallHours => TotalSeconds / Slots / 3600;

    /// <summary>The training specs to measure: the first trial of each (dataset, method) of the plan.</summary>
    public static IReadOnlyList<TrialSpec> Representatives(SweepPlan plan) =>
        plan.Trials.Select(t => t.Spec).OfType<TrialSpec>().GroupBy(s => (s.Dataset, s.Method)).Select(g => g.First()).ToList();

    public static PresetEstimate From(SweepPlan plan, IReadOnlyList<TrialTiming> measured, int slots)
    {
        var cost = measured.ToDictionary(m => (m.Dataset, m.Method), m => m.TrialSeconds);
        var training = plan.Trials.Select(t => t.Spec).OfType<TrialSpec>().ToList();
        return new PresetEstimate(plan.Name, training.Count, slots, training.Sum(s => cost[(s.Dataset, s.Method)]));
    }
}
