using System.Diagnostics;
using ALfc.Core.Data;
using ALfc.Core.Evaluation;
using ALfc.Core.Models;
using ALfc.Core.Training;
using static TorchSharp.torch;

namespace ALfc.Coordinator.Bench;

/// <summary>
/// One benchmarked trial: its seconds, the FLOPs its models did (<see cref="FlopCount"/>) and its peak memory. With
/// <see cref="Fused"/> &gt; 1 it is one repetition of a fused unit, priced as <see cref="Measure"/> says.
/// </summary>
internal sealed record TrialTiming(string Dataset, string Method, double TrainSeconds, double EvalSeconds, int EpochsRun, double Gflop, double? PeakMegabytes, int Fused = 1)
{
    public double TrialSeconds => TrainSeconds + EvalSeconds;

    public double GflopPerSecond => Gflop / TrialSeconds;

    /// <summary>
    /// Runs <paramref name="spec"/> as a sweep slot would, on a thread of its own, and measures it. With <paramref name="fused"/>
    /// &gt; 1 it prices one repetition of a unit of that many without running the unit's whole work: the unit trains (seeds
    /// spec.Seed, spec.Seed + 1, ...) for 1/<paramref name="fused"/> of the spec's epochs and EM iterations, each of which is
    /// the same work, and its seconds and FLOPs are scaled back to the spec's epochs and divided by the repetitions; then one
    /// repetition is evaluated, as the sweep evaluates each. So a fused measurement costs about one trial alone.
    /// </summary>
    public static TrialTiming Measure(TrialSpec spec, CrowdDataset dataset, Device device, int fused, CancellationToken cancellation)
    {
        // Collect the previous trial's garbage first, so its tensors do not count towards this trial's peak.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        // ... and hand the freed native pages back, so the peak starts from what is live, not from what a dataset load
        // or the previous trial once held (a fresh machine's first sentiment load left 1.7 GB resident before this).
        NativeAllocator.ReleaseFreePages();
        bool peakKnown = PeakMemory.Reset();
        var (record, gflop) = StartTrialThread(() => Run(spec, dataset, device, fused, cancellation), cancellation).GetAwaiter().GetResult();
        return new TrialTiming(spec.Dataset, spec.Method, record.TrainSeconds, record.EvalSeconds, record.EpochsRun, gflop,
            peakKnown ? PeakMemory.PeakMegabytes() : null, Math.Max(fused, 1));
    }

    /// <summary>How many minibatch steps <see cref="WarmUp"/> runs at least: .NET promotes a method to optimised code after 30 calls.</summary>
    internal const int WarmUpSteps = 100;

    /// <summary>
    /// Untimed, before <see cref="Measure"/>: trains <paramref name="spec"/>'s method as Measure will (a unit of
    /// <paramref name="fused"/> repetitions, on a trial thread) for the fewest epochs that take at least
    /// <see cref="WarmUpSteps"/> minibatch steps, and discards the models. Why: .NET runs a method's first calls as quickly
    /// compiled, unoptimised code and swaps in optimised code after about 30 calls, so a method's first trial in a process
    /// pays for that, and a sweep slot, which runs hundreds of trials in one process, does not. The bench's single warm-up
    /// epoch of its first trial had left each later method's own code cold: music A-LFC (fused by 10, 200 epochs) measured
    /// 2.0-2.1 s per repetition cold against 1.6-1.7 s with every method compiled optimised from the start
    /// (DOTNET_TieredCompilation=0, five alternating runs, 2026-12-06) and 1.7-1.8 s per 200 epochs in 1000-epoch runs
    /// either way, where the start-up is amortised.
    /// </summary>
    public static void WarmUp(TrialSpec spec, CrowdDataset dataset, Device device, int fused, CancellationToken cancellation)
    {
        var method = MethodCatalog.Create(spec.Method);
        var brief = spec.Training with { Epochs = WarmUpEpochs(spec, dataset), AggNetIterations = Math.Min(spec.Training.AggNetIterations, 1) };
        var seeds = Enumerable.Range(0, Math.Max(fused, 1)).Select(i => spec.Seed + i).ToArray();
        var trained = StartTrialThread(() => method.TrainFused(dataset, brief, seeds, device, null, cancellation), cancellation).GetAwaiter().GetResult();
        foreach (var t in trained) t.Dispose();
    }

    /// <summary>The warm-up's epochs: the fewest with at least <see cref="WarmUpSteps"/> minibatch steps, at least 1 and at most the spec's.</summary>
    internal static int WarmUpEpochs(TrialSpec spec, CrowdDataset dataset)
    {
        int stepsPerEpoch = Math.Max(1, (dataset.TrainFeatures.Rows + spec.Training.BatchSize - 1) / spec.Training.BatchSize);
        return Math.Clamp((WarmUpSteps + stepsPerEpoch - 1) / stepsPerEpoch, 1, Math.Max(1, spec.Training.Epochs));
    }

    /// <summary>
    /// One trial's record (train seconds per repetition when <paramref name="fused"/> &gt; 1, see <see cref="Measure"/>) and its
    /// GFLOP, counted on this thread.
    /// </summary>
    public static (TrialResult Record, double Gflop) Run(TrialSpec spec, CrowdDataset dataset, Device device, int fused, CancellationToken cancellation)
    {
        long flops = FlopCount.Total;
        if (fused <= 1)
        {
            var alone = TrialRunner.Run(spec, dataset, device, null, cancellation);
            return (alone, (FlopCount.Total - flops) / 1e9);
        }
        var method = MethodCatalog.Create(spec.Method);
        var full = spec.Training;
        var scaled = full with { Epochs = Share(full.Epochs, fused), AggNetIterations = Share(full.AggNetIterations, fused) };
        double scale = (double)method.Epochs(full) / method.Epochs(scaled) / fused;
        var watch = Stopwatch.StartNew();
        var trained = method.TrainFused(dataset, scaled, Enumerable.Range(0, fused).Select(i => spec.Seed + i).ToArray(), device, null, cancellation);
        double trainSeconds = watch.Elapsed.TotalSeconds * scale;
        double trainGflop = (FlopCount.Total - flops) / 1e9 * scale;
        try
        {
            long evalFlops = FlopCount.Total;
            var record = TrialRunner.Evaluate(spec, trained[0], trainSeconds, dataset, device, cancellation) with { EpochsRun = method.Epochs(full) };
            return (record, trainGflop + (FlopCount.Total - evalFlops) / 1e9);
        }
        finally
        {
            foreach (var t in trained) t.Dispose();
        }
    }

    /// <summary>
    /// Starts <paramref name="body"/> on a dedicated thread that applies the process's thread count first, as a sweep slot
    /// runs a trial (TrialThreads), so that the bench measures what a slot sees: per-thread state (MKL's thread count,
    /// dispose scopes, glibc's malloc arena) starts as a slot's does. A difference the bench once missed: a slot's arena
    /// faulted its pages in again at every step until glibc's thresholds were fixed
    /// (<see cref="NativeAllocator.KeepHeapsResident"/>), which made a sweep's music A-LFC train 1.7x slower than this
    /// bench said (the bench's matmul-peak probe had raised the process's thresholds first).
    /// </summary>
    private static Task<T> StartTrialThread<T>(Func<T> body, CancellationToken cancellation) =>
        Task.Factory.StartNew(() =>
            {
                CpuParallelism.ApplyToThisThread();
                return body();
            },
            cancellation, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// Runs <paramref name="copies"/> copies of <paramref name="spec"/> at once, each on its own dedicated thread as a
    /// node's slots run trials (each as <see cref="Run"/> with <paramref name="fused"/>), and returns each copy's record; its
    /// seconds are the cost of the trial when every slot is busy, which is what a sweep sees (the copies share the cores'
    /// caches and memory bandwidth).
    /// </summary>
    public static TrialResult[] MeasureLoaded(TrialSpec spec, CrowdDataset dataset, Device device, int copies, int fused, CancellationToken cancellation)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var runs = Enumerable.Range(0, copies)
            .Select(_ => StartTrialThread(() => Run(spec, dataset, device, fused, cancellation).Record, cancellation))
            .ToArray();
        // Wait for every copy, so none is still inside libtorch when the bench goes on (or fails).
        Task.WaitAll(runs.Select(t => (Task)t).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)).ToArray());
        return runs.Select(t => t.GetAwaiter().GetResult()).ToArray();
    }

    /// <summary>A 1/<paramref name="parts"/> share of <paramref name="count"/>, at least one unless there were none.</summary>
    private static int Share(int count, int parts) => count == 0 ? 0 : Math.Max(1, (int)Math.Round((double)count / parts));
}
