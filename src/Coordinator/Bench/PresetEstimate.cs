using ALfc.Core.Evaluation;
using ALfc.Coordinator.Sweeps;

namespace ALfc.Coordinator.Bench;

/// <summary>
/// A preset's wall time on this machine, estimated from one measured trial per (dataset, method): every training trial
/// of the preset costs what its (dataset, method) measured (alphas and seeds do not change the work), and the slots run
/// side by side, so the wall time is the total over the slot count. <see cref="TotalSeconds"/> prices each trial as it
/// ran alone, which assumes the slots do not slow each other down; <see cref="LoadedTotalSeconds"/>, when measured,
/// prices it as it ran with every slot running a copy at once, which is what a sweep sees. The wall time uses the
/// loaded figure when there is one.
/// </summary>
internal sealed record PresetEstimate(string Preset, int TrainingTrials, int Slots, double TotalSeconds, double? LoadedTotalSeconds = null)
{
    public double WallHours => (LoadedTotalSeconds ?? TotalSeconds) / Slots / 3600;

    /// <summary>The wall time if the slots did not slow each other down.</summary>
    public double AloneWallHours => TotalSeconds / Slots / 3600;

    /// <summary>The training specs to measure: the first trial of each (dataset, method) of the plan.</summary>
    public static IReadOnlyList<TrialSpec> Representatives(SweepPlan plan) =>
        plan.Trials.Select(t => t.Spec).OfType<TrialSpec>().GroupBy(s => (s.Dataset, s.Method)).Select(g => g.First()).ToList();

    /// <summary>
    /// The width a sweep of <paramref name="plan"/> fuses <paramref name="spec"/>'s repetitions at: <paramref name="width"/>,
    /// but no more than the plan has trials of that fusion key (the spec but its seed), since a unit takes only the queued
    /// repetitions there are: the quick preset's 5 repetitions run as units of 5, not of 10, and are priced so.
    /// </summary>
    public static int UnitWidth(SweepPlan plan, TrialSpec spec, int width)
    {
        string key = (spec with { Seed = 0 }).Hash();
        int repetitions = plan.Trials.Select(t => t.Spec).OfType<TrialSpec>().Count(t => (t with { Seed = 0 }).Hash() == key);
        return Math.Max(1, Math.Min(width, repetitions));
    }

    /// <summary>Prices every training trial of <paramref name="plan"/> by its (dataset, method): alone from <paramref name="measured"/>, and with every slot busy from <paramref name="loaded"/> (seconds per copy), when measured.</summary>
    public static PresetEstimate From(SweepPlan plan, IReadOnlyList<TrialTiming> measured, int slots,
        IReadOnlyDictionary<(string Dataset, string Method), double>? loaded = null)
    {
        var cost = measured.ToDictionary(m => (m.Dataset, m.Method), m => m.TrialSeconds);
        var training = plan.Trials.Select(t => t.Spec).OfType<TrialSpec>().ToList();
        return new PresetEstimate(plan.Name, training.Count, slots, training.Sum(s => cost[(s.Dataset, s.Method)]),
            loaded is null ? null : training.Sum(s => loaded[(s.Dataset, s.Method)]));
    }
}
