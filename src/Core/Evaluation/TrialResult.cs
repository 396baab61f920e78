namespace ALfc.Core.Evaluation;

/// <summary>
/// The JSON record of one trial: what ran (dataset, method, alpha, schedule, seed, scaling, the hash of the
/// full config), what it scored (clean, white[attack][eps], black[attack][eps]), the Exp 4 worker
/// comparison for methods that learn worker models, and how long it took on which device with which library versions.
/// </summary>
public sealed record TrialResult
{
    public required string Dataset { get; init; }
    public required string Method { get; init; }
    public required double Alpha { get; init; }
    public required string Schedule { get; init; }
    public required long Seed { get; init; }
    public required string Scaling { get; init; }
    public required string ConfigHash { get; init; }
    public required double Clean { get; init; }
    public required Dictionary<string, Dictionary<string, double>> White { get; init; }
    public required Dictionary<string, Dictionary<string, double>> Black { get; init; }
    public IReadOnlyList<WorkerComparison>? Workers { get; init; }

    /// <summary>Mean over <see cref="Workers"/> of their mean absolute error; null when the method learns no worker models.</summary>
    public double? ConfusionMae { get; init; }

    public required int EpochsRun { get; init; }
    public required double TrainSeconds { get; init; }
    public required double EvalSeconds { get; init; }
    public required Dictionary<string, string> Versions { get; init; }

    /// <summary>Where the trial ran (cpu or cuda:N). Not part of the trial's id: a GPU's kernels round differently, so its numbers are not bit-identical to the CPU's.</summary>
    public string Device { get; init; } = Models.ComputeDevice.Cpu;
}
