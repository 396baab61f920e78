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
        var method = MethodCatalog.Create(spec.Method);
        var watch = Stopwatch.StartNew();
        using var trained = method.Train(data, spec.Training, spec.Seed, device, progress, cancellation);
        double trainSeconds = watch.Elapsed.TotalSeconds;

        watch.Restart();
        using var substitute = spec.Evaluation.BlackBox
            ? SubstituteModel.Train(data, spec.Evaluation, spec.Training, spec.Seed, device, cancellation)
            : null;
        var scores = Evaluator.Evaluate(trained.Model, substitute, data, spec.Evaluation, spec.Seed, cancellation);
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
