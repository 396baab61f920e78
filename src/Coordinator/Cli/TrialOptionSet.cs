using System.CommandLine;
using System.Globalization;
using ALfc.Core;
using ALfc.Core.Attacks;
using ALfc.Core.Data;
using ALfc.Core.Evaluation;
using ALfc.Core.Models;
using ALfc.Core.Training;

namespace ALfc.Coordinator.Cli;

/// <summary>The options that define one trial (method, seed, training and evaluation settings), shared by train and bench.</summary>
internal sealed class TrialOptionSet
{
    public Option<long> Seed { get; } = new("--seed") { Description = "trial seed: fixes shuffles, initialisation, dropout and attack starts", DefaultValueFactory = _ => 0 };
    public Option<double> Alpha { get; } = new("--alpha") { Description = "A-LFC weight of natural examples, in [0, 1]", DefaultValueFactory = _ => 0.5 };
    public Option<string> Schedule { get; } = new("--schedule") { Description = "A-LFC schedule: paper (Algorithm 1) or reference (the authors' code)", DefaultValueFactory = _ => "paper" };
    public Option<int> Epochs { get; } = new("--epochs") { Description = "training epochs (the paper: 200)", DefaultValueFactory = _ => 200 };
    public Option<int> BatchSize { get; } = new("--batch-size") { Description = "minibatch size (the paper: 64)", DefaultValueFactory = _ => 64 };
    public Option<double> LearningRate { get; } = new("--lr") { Description = "Adam learning rate (the paper: 1e-3)", DefaultValueFactory = _ => 1e-3 };
    public Option<int> Hidden { get; } = new("--hidden") { Description = "hidden units of the classifier (the paper: 128)", DefaultValueFactory = _ => 128 };
    public Option<double> Dropout { get; } = new("--dropout") { Description = "dropout rate of the classifier (the paper: 0.5)", DefaultValueFactory = _ => 0.5 };
    public Option<double?> TrainEps { get; } = new("--train-eps") { Description = "A-LFC training attack eps (default: the paper's 8/255; 0.01 on sentiment, whose test eps stop there)" };
    public Option<string?> Attacks { get; } = new("--attacks") { Description = $"comma-separated attacks (default: {string.Join(",", AttackCatalog.Names)})" };
    public Option<string?> Eps { get; } = new("--eps") { Description = "comma-separated test eps values (default: the paper's list for the dataset)" };
    public Option<bool> NoBlackBox { get; } = new("--no-black-box") { Description = "skip the black-box (substitute) evaluation" };
    public Option<bool> PgdFromX { get; } = new("--pgd-no-random-start") { Description = "test-time PGD starts at x, as the authors' code (default: random start, as the paper)" };
    public Option<string> Device { get; } = new("--device") { Description = "where to train and attack: cpu, cuda or cuda:N (needs the CUDA build)", DefaultValueFactory = _ => ComputeDevice.Cpu };
    public Option<int?> Threads { get; } = new("--threads") { Description = "libtorch intra-op threads (default 1, as every sweep slot runs: the same numbers as a sweep's record; more threads change the last digits)" };

    /// <summary>Every option of the set, in the order help lists them.</summary>
    public IReadOnlyList<Option> All => [Seed, Alpha, Schedule, Epochs, BatchSize, LearningRate, Hidden, Dropout, TrainEps, Attacks, Eps, NoBlackBox, PgdFromX, Device, Threads];

    public void AddTo(Command command)
    {
        foreach (var option in All) command.Options.Add(option);
    }

    /// <summary>The parsed and checked device, kept apart from the trial's config: where a trial runs is not part of its id.</summary>
    public TorchSharp.torch.Device DeviceOf(ParseResult result) => ComputeDevice.Parse(result.GetValue(Device)!);

    /// <summary>The checked `--threads` (default <see cref="CpuParallelism.DefaultThreads"/>).</summary>
    public int ThreadsOf(ParseResult result) => CpuParallelism.Threads(result.GetValue(Threads));

    /// <summary>
    /// The spec of one trial of <paramref name="method"/> on <paramref name="dataset"/> as these options set it, built
    /// the one way every trial is (<see cref="TrialSpec.Create"/>): what the options leave open is the dataset's default.
    /// </summary>
    public TrialSpec Spec(ParseResult result, string dataset, string method, FeatureScaling? scaling, int lsaDimensions) =>
        TrialSpec.Create(dataset, method, result.GetValue(Seed), Training(result), Evaluation(result), result.GetValue(TrainEps), scaling, lsaDimensions);

    private TrainingConfig Training(ParseResult result) => new()
    {
        Epochs = result.GetValue(Epochs),
        BatchSize = result.GetValue(BatchSize),
        LearningRate = result.GetValue(LearningRate),
        Model = new Core.Models.MlpSpec(result.GetValue(Hidden), result.GetValue(Dropout)),
        Alpha = result.GetValue(Alpha),
        Schedule = AlfcSchedules.Parse(result.GetValue(Schedule)!),
    };

    private EvaluationConfig Evaluation(ParseResult result) => new()
    {
        Attacks = result.GetValue(Attacks) is { } attacks ? SplitList(attacks, "--attacks") : AttackCatalog.Names,
        Epsilons = result.GetValue(Eps) is { } eps ? SplitList(eps, "--eps").Select(e => ParseEps(e)).ToArray() : null,
        BlackBox = !result.GetValue(NoBlackBox),
        PgdRandomStart = !result.GetValue(PgdFromX),
    };

    private static string[] SplitList(string text, string option)
    {
        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return items.Length > 0 ? items : throw new AlfcInputException($"{option}: the list is empty");
    }

    private static double ParseEps(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var eps)
            ? eps
            : throw new AlfcInputException($"--eps: '{text}' is not a number");
}
