using System.Diagnostics;
using ALfc.Core.Data;
using ALfc.Core.Models;
using ALfc.Core.Training;
using static TorchSharp.torch;

namespace ALfc.Core.Evaluation;

/// <summary>
/// Runs one trial end to end on a loaded dataset, every tensor on <c>device</c>: train the method, build the
/// substitute, evaluate, record.
/// </summary>
public static class TrialRunner
{
    public static TrialResult Run(TrialSpec spec, CrowdDataset data, Device device, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        spec.Validate();
        CpuParallelism.ApplyToThisThread(); // whatever thread runs it (see CpuParallelism)
        var watch = Stopwatch.StartNew();
        using var trained = MethodCatalog.Create(spec.Method).Train(data, spec.Training, spec.Seed, device, progress, cancellation);
        return Evaluate(spec, trained, watch.Elapsed.TotalSeconds, data, device, cancellation);
    }

    /// <summary>
    /// Runs repetitions of one configuration (specs equal but for the seed) as fused repetitions: one batched training
    /// (<see cref="ITrainingMethod.TrainFused"/>), then each repetition's evaluation, handing each record to
    /// <paramref name="completed"/> (with its index) as soon as it exists. Each record is the one <see cref="Run"/> gives
    /// its spec, except for its train seconds: the unit's training time divided by its repetitions. If a repetition's
    /// evaluation throws, the others are still evaluated and handed on, and the first error is thrown at the end.
    /// </summary>
    public static void RunFused(IReadOnlyList<TrialSpec> specs, CrowdDataset data, Device device, IProgress<TrainingProgress>? progress,
        Action<int, TrialResult> completed, CancellationToken cancellation)
    {
        foreach (var spec in specs) spec.Validate();
        var key = (specs[0] with { Seed = 0 }).CanonicalJson();
        if (specs.Any(s => (s with { Seed = 0 }).CanonicalJson() != key))
            throw new ArgumentException("fused repetitions must share every setting but the seed", nameof(specs));
        CpuParallelism.ApplyToThisThread();
        var watch = Stopwatch.StartNew();
        var trained = MethodCatalog.Create(specs[0].Method)
            .TrainFused(data, specs[0].Training, specs.Select(s => s.Seed).ToArray(), device, progress, cancellation);
        double trainSeconds = watch.Elapsed.TotalSeconds / specs.Count;
        Exception? failure = null;
        try
        {
            for (int i = 0; i < specs.Count; i++)
            {
                TrialResult record;
                try
                {
                    record = Evaluate(specs[i], trained[i], trainSeconds, data, device, cancellation);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The other repetitions are trained already: evaluate them all, then fail this one (the caller fails
                    // exactly the repetitions it got no record for).
                    failure ??= e;
                    continue;
                }
                finally
                {
                    // Each repetition's model is freed once it is evaluated: a unit holds at most one evaluation at a time.
                    trained[i].Dispose();
                }
                completed(i, record);
            }
        }
        finally
        {
            foreach (var t in trained) t.Dispose();
        }
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
    }

    /// <summary>The record of <paramref name="spec"/> for a classifier already trained (in <paramref name="trainSeconds"/>): the substitute, the evaluation, the learned workers.</summary>
    public static TrialResult Evaluate(TrialSpec spec, TrainedClassifier trained, double trainSeconds, CrowdDataset data, Device device, CancellationToken cancellation)
    {
        var method = MethodCatalog.Create(spec.Method);
        var watch = Stopwatch.StartNew();
        using var substitute = spec.Evaluation.BlackBox
            ? SubstituteModel.Train(data, spec.Evaluation, spec.Training, spec.Seed, device, cancellation)
            : null;
        // The repetition's black-box inputs are crafted by its first trial on this machine and read back by the others.
        var scores = Evaluator.Evaluate(trained.Model, substitute, data, spec.Evaluation, spec.Seed, cancellation,
            spec.Evaluation.BlackBox && BlackBoxInputCache.Shared is { } cache
                ? (cache, SubstituteModel.Key(data, spec.Evaluation, spec.Training, spec.Seed, device))
                : null);
        var workers = trained.WorkerConfusions is { } learned
            ? WorkerComparison.ForBusiestWorkers(data, learned, spec.Evaluation.WorkersToCompare)
            : null;

        return new TrialResult
        {
            Dataset = spec.Dataset,
            Method = method.Name,
            Alpha = spec.Training.Alpha,
            Schedule = spec.Training.Schedule.ToString().ToLowerInvariant(),
            Seed = spec.Seed,
            Scaling = FeatureScaler.Name(spec.Scaling),
            ConfigHash = spec.Hash(),
            Clean = scores.Clean,
            White = scores.White,
            Black = scores.Black,
            Workers = workers,
            ConfusionMae = workers is { Count: > 0 } ? workers.Average(w => w.MeanAbsoluteError) : null,
            EpochsRun = trained.EpochsRun,
            TrainSeconds = trainSeconds,
            EvalSeconds = watch.Elapsed.TotalSeconds,
            Versions = Versions,
            Device = ComputeDevice.Name(device),
        };
    }

    /// <summary>The library versions and commit each record carries (<see cref="BuildInfo"/>).</summary>
    public static Dictionary<string, string> Versions { get; } = BuildInfo.Versions;
}
