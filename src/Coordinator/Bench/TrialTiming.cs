using ALfc.Core.Data;
using ALfc.Core.Evaluation;
using ALfc.Core.Models;
using static TorchSharp.torch;

namespace ALfc.Coordinator.Bench;

/// <summary>One benchmarked trial: its seconds, the FLOPs its models did (<see cref="FlopCount"/>) and its peak memory.</summary>
internal sealed record TrialTiming(string Dataset, string Method, double TrainSeconds, double EvalSeconds, int EpochsRun, double Gflop, double? PeakMegabytes)
{
    public double TrialSeconds => TrainSeconds + EvalSeconds;

    public double GflopPerSecond => Gflop / TrialSeconds;

    /// <summary>Runs <paramref name="spec"/> as a sweep slot would, on this thread, and measures it.</summary>
    public static TrialTiming Measure(TrialSpec spec, CrowdDataset dataset, Device device, CancellationToken cancellation)
    {
        // Collect the previous trial's garbage first, so its tensors do not count towards this trial's peak.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        bool peakKnown = PeakMemory.Reset();
        long flops = FlopCount.Total;
        var record = TrialRunner.Run(spec, dataset, device, null, cancellation);
        return new TrialTiming(spec.Dataset, spec.Method, record.TrainSeconds, record.EvalSeconds, record.EpochsRun,
            (FlopCount.Total - flops) / 1e9, peakKnown ? PeakMemory.PeakMegabytes() : null);
    }

    /// <summary>
    /// Runs <paramref name="copies"/> copies of <paramref name="spec"/> at once, each on its own dedicated thread as a
    /// node's slots run trials, and returns each copy's record; its seconds are the cost of the trial when every slot
    /// is busy, which is what a sweep sees (the copies share the cores' caches and memory bandwidth).
    /// </summary>
    public static TrialResult[] MeasureLoaded(TrialSpec spec, CrowdDataset dataset, Device device, int copies, CancellationToken cancellation)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var runs = Enumerable.Range(0, copies)
            .Select(_ => Task.Factory.StartNew(() => TrialRunner.Run(spec, dataset, device, null, cancellation),
                cancellation, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
        // Wait for every copy, so none is still inside libtorch when the bench goes on (or fails).
        Task.WaitAll(runs.Select(t => (Task)t).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)).ToArray());
        return runs.Select(t => t.GetAwaiter().GetResult()).ToArray();
    }
}
