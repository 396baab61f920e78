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
}
