using System.Globalization;
using ALfc.Core.Trials;
using Newtonsoft.Json;

namespace ALfc.Core.Evaluation;

/// <summary>
/// The JSON record of one trial: what ran (dataset, method, alpha, schedule, seed, scaling, the hash of the
/// full config), what it scored (clean, white[attack][eps], black[attack][eps]), the Exp 4 worker
/// comparison for methods that learn worker models, and how long it took on which device with which library versions.
/// <see cref="White"/> and <see cref="Black"/> are the record's JSON form (attack, then eps as text); code reads the
/// cells through <see cref="Cells"/> and <see cref="Accuracy"/>.
/// </summary>
public sealed record TrialResult : ITrialRecord
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

    [JsonIgnore] public TrialGroup Group => new(TrainingTrialKind.KindName, Dataset, Method, Alpha, Schedule);

    [JsonIgnore] public RecordSummary Summary => new("clean", Clean, ConfusionMae, EpochsRun, TrainSeconds, EvalSeconds);

    /// <summary>Every (box, attack, eps) cell with its accuracy: white-box first, then black-box, each in the record's order.</summary>
    public IEnumerable<(CellKey Key, double Value)> Cells()
    {
        foreach (var box in Boxes.All)
            foreach (var (attack, byEps) in box == Box.White ? White : Black)
                foreach (var (eps, accuracy) in byEps)
                    yield return (new CellKey(box, attack, double.Parse(eps, CultureInfo.InvariantCulture)), accuracy);
    }

    /// <summary>The accuracy of one cell, or null when the trial did not evaluate it.</summary>
    public double? Accuracy(CellKey key) =>
        (key.Box == Box.White ? White : Black).TryGetValue(key.Attack, out var byEps)
        && byEps.TryGetValue(EpsKey(key.Eps), out var accuracy) ? accuracy : null;

    /// <summary>How an eps is written as a key of <see cref="White"/> and <see cref="Black"/>.</summary>
    public static string EpsKey(double eps) => eps.ToString("R", CultureInfo.InvariantCulture);

    /// <remarks>
    /// Checks what a record's readers rely on, so a stored record edited by hand is refused as damage instead of being
    /// reported: accuracies from 0 to 1 (a NaN from an empty test set, or 5.0, is no result), eps keys that are numbers
    /// (one that was not crashed report, export and show), and worker matrices that are square and of one size.
    /// </remarks>
    public void Validate()
    {
        InvalidTrialRecordException.RequireFraction(Clean, "clean accuracy");
        foreach (var box in Boxes.All)
            foreach (var (attack, byEps) in box == Box.White ? White : Black)
                foreach (var eps in byEps.Keys)
                    if (!double.TryParse(eps, NumberStyles.Float, CultureInfo.InvariantCulture, out var e) || !double.IsFinite(e) || e < 0)
                        throw new InvalidTrialRecordException($"{Boxes.Name(box)}-box {attack}: eps '{eps}' is not a number from 0 up");
        foreach (var (key, value) in Cells())
            InvalidTrialRecordException.RequireFraction(value, $"{Boxes.Name(key.Box)}-box {key.Attack} accuracy at eps {EpsKey(key.Eps)}");
        foreach (var w in Workers ?? [])
            // Only the shape: a diverged model's learned matrix may be NaN, and that is its result, not damage.
            if (w.True.Length != w.Learned.Length || w.True.Concat(w.Learned).Any(row => row.Length != w.True.Length))
                throw new InvalidTrialRecordException($"worker {w.Worker}: its true and learned confusion matrices are not square and of one size");
    }
}
