using ALfc.Core.Data;
using ALfc.Core.Evaluation;
using ALfc.Core.Models;
using static TorchSharp.torch;

namespace ALfc.Coordinator.Bench;

/// <summary>
/// One benchmarked trial: its seconds, the FLOPs its models did (<see cref="FlopCount"/>) and its peak memory. When
/// <see cref="Fused"/> repetitions ran as one unit, as a sweep fuses them, seconds and FLOPs are per repetition (the
/// unit's divided by its repetitions) and the peak is the unit's.
/// </summary>
internal sealed record TrialTiming(string Dataset, string Method, double TrainSeconds, double EvalSeconds, int EpochsRun, double Gflop, double? PeakMegabytes, int Fused = 1)
{
    public double TrialSeconds => TrainSeconds + EvalSeconds;

    public double GflopPerSecond => Gflop / TrialSeconds;

    /// <summary>
    /// Runs <paramref name="spec"/> as a sweep slot would, on this thread, and measures it: alone, or with
    /// <paramref name="fused"/> &gt; 1 as a unit of that many repetitions (seeds spec.Seed, spec.Seed + 1, ...).
    /// </summary>
    public static TrialTiming Measure(TrialSpec spec, CrowdDataset dataset, Device device, int fused, CancellationToken cancellation)
    {
        // Collect the previous trial's garbage first, so its tensors do not count towards this trial's peak.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        bool peakKnown = PeakMemory.Reset();
        long flops = FlopCount.Total;
        var records = RunUnit(spec, dataset, device, fused, cancellation);
        return new TrialTiming(spec.Dataset, spec.Method, records[0].TrainSeconds, records.Average(r => r.EvalSeconds), records[0].EpochsRun,
            (FlopCount.Total - flops) / 1e9 / records.Count, peakKnown ? PeakMemory.PeakMegabytes() : null, records.Count);
    }

    /// <summary>The records of one unit of <paramref name="fused"/> repetitions of <paramref name="spec"/> (one: the trial alone); train seconds are per repetition.</summary>
    public static IReadOnlyList<TrialResult> RunUnit(TrialSpec spec, CrowdDataset dataset, Device device, int fused, CancellationToken cancellation)
    {
        if (fused <= 1) return [TrialRunner.Run(spec, dataset, device, null, cancellation)];
        var records = new TrialResult[fused];
        TrialRunner.RunFused(Enumerable.Range(0, fused).Select(i => spec with { Seed = spec.Seed + i }).ToList(), dataset, device, null,
            (i, record) => records[i] = record, cancellation);
        return records;
    }

    /// <summary>
    /// Runs <paramref name="copies"/> copies of <paramref name="spec"/> at once, each on its own dedicated thread as a
    /// node's slots run trials, and returns each copy's record; its seconds are the cost of the trial when every slot
    /// is busy, which is what a sweep sees (the copies share the cores' caches and memory bandwidth). With
    /// <paramref name="fused"/> &gt; 1 each copy is a unit of that many repetitions, and the records are all of theirs.
    /// </summary>
    public static TrialResult[] MeasureLoaded(TrialSpec spec, CrowdDataset dataset, Device device, int copies, int fused, CancellationToken cancellation)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var runs = Enumerable.Range(0, copies)
            .Select(_ => Task.Factory.StartNew(() => RunUnit(spec, dataset, device, fused, cancellation),
                cancellation, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
        // Wait for every copy, so none is still inside libtorch when the bench goes on (or fails).
        Task.WaitAll(runs.Select(t => (Task)t).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)).ToArray());
        return runs.SelectMany(t => t.GetAwaiter().GetResult()).ToArray();
    }
}
