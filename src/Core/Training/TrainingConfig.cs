using ALfc.Core.Models;

namespace ALfc.Core.Training;

/// <summary>
/// Everything that shapes one training run, with the A-LFC paper's values as defaults: the MLP
/// Dense(128, ReLU), Dropout(0.5), Dense(K); Adam (lr 1e-3, β 0.9/0.999, eps 1e-7, Keras' values);
/// batch 64; 200 epochs; alpha 0.5; training attack PGD-10, step eps/4, eps 8/255, random start.
/// Immutable; <see cref="Validate"/> names the field that is out of range.
/// </summary>
public sealed record TrainingConfig
{
    public int Epochs { get; init; } = 200;
    public int BatchSize { get; init; } = 64;
    public double LearningRate { get; init; } = 1e-3;
    public double AdamEpsilon { get; init; } = 1e-7;
    public MlpSpec Model { get; init; } = MlpSpec.Classifier;

    /// <summary>Weight of the natural examples in A-LFC's objective: α·L(X) + (1-α)·L(X').</summary>
    public double Alpha { get; init; } = 0.5;

    public AlfcSchedule Schedule { get; init; } = AlfcSchedule.Paper;
    public double TrainEpsilon { get; init; } = 8.0 / 255.0;
    public int TrainSteps { get; init; } = 10;
    public double TrainStepFraction { get; init; } = 0.25;
    public bool TrainRandomStart { get; init; } = true;

    /// <summary>Laplace smoothing of the EM worker confusion matrices (AggNet, A-LFC); keeps log π finite.</summary>
    public double WorkerSmoothing { get; init; } = 0.01;

    /// <summary>AggNet EM iterations after MV pre-training (each = 1 epoch + worker update + E-step).</summary>
    public int AggNetIterations { get; init; } = 200;

    /// <summary>Reference schedule: AggNet EM iterations before the adversarial rounds, rounds, and EM iterations per round.</summary>
    public int ReferenceWarmupIterations { get; init; } = 10;
    public int ReferenceRounds { get; init; } = 20;
    public int ReferenceIterationsPerRound { get; init; } = 10;

    /// <summary>
    /// This config with every setting only A-LFC reads (alpha, schedule, the training attack, the reference schedule's
    /// counts) at its default and the training attack's eps at <paramref name="trainEpsilon"/>: what another method's trial
    /// records, so that tuning A-LFC does not change the other methods' trials. A field A-LFC alone reads belongs here.
    /// </summary>
    public TrainingConfig WithoutAlfcSettings(double trainEpsilon)
    {
        var defaults = new TrainingConfig();
        return this with
        {
            Alpha = defaults.Alpha, Schedule = defaults.Schedule, TrainEpsilon = trainEpsilon, TrainSteps = defaults.TrainSteps,
            TrainStepFraction = defaults.TrainStepFraction, TrainRandomStart = defaults.TrainRandomStart,
            ReferenceWarmupIterations = defaults.ReferenceWarmupIterations, ReferenceRounds = defaults.ReferenceRounds,
            ReferenceIterationsPerRound = defaults.ReferenceIterationsPerRound,
        };
    }

    /// <summary>
    /// Checks every field and returns this config. An error names the `alfc train` option that sets the field
    /// (--epochs, --batch-size, --lr, --alpha, --train-eps, --hidden, --dropout) or, for a field no option sets,
    /// its plain name, so the message never points at an option that does not exist.
    /// </summary>
    public TrainingConfig Validate()
    {
        // Upper bounds far past any experiment (the paper: 200 epochs, batch 64), so that a slip is refused at once
        // instead of training for days.
        Require(Epochs is >= 1 and <= MaxEpochs, "--epochs", $"must be from 1 to {MaxEpochs}, got {Epochs}");
        Require(BatchSize is >= 1 and <= MaxBatchSize, "--batch-size", $"must be from 1 to {MaxBatchSize}, got {BatchSize}");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), "--lr", $"must be a finite number > 0, got {LearningRate}");
        Require(AdamEpsilon > 0 && double.IsFinite(AdamEpsilon), "adam epsilon", $"must be a finite number > 0, got {AdamEpsilon}");
        Require(Alpha is >= 0 and <= 1, "--alpha", $"must be in [0, 1], got {Alpha}");
        Require(ALfc.Core.Attacks.AttackBase.IsEpsilon(TrainEpsilon), "--train-eps", $"must be from 0 to {ALfc.Core.Attacks.AttackBase.MaxEpsilon}, got {TrainEpsilon}");
        Require(TrainSteps is >= 1 and <= 10_000, "training attack steps", $"must be from 1 to 10000, got {TrainSteps}");
        Require(TrainStepFraction > 0 && double.IsFinite(TrainStepFraction), "training attack step fraction", $"must be a finite number > 0, got {TrainStepFraction}");
        Require(WorkerSmoothing >= 0 && double.IsFinite(WorkerSmoothing), "worker smoothing", $"must be a finite number >= 0, got {WorkerSmoothing}");
        Require(AggNetIterations is >= 0 and <= 100_000, "aggnet iterations", $"must be from 0 to 100000, got {AggNetIterations}");
        Require(ReferenceWarmupIterations >= 0 && ReferenceRounds >= 0 && ReferenceIterationsPerRound >= 1, "reference schedule", "needs warm-up >= 0, rounds >= 0 and iterations per round >= 1");
        Model.Validate("model", "--hidden", "--dropout");
        return this;
    }

    public const int MaxEpochs = 100_000, MaxBatchSize = 1 << 20;

    private static void Require(bool ok, string field, string rule)
    {
        if (!ok) throw new AlfcInputException($"{field}: {rule}");
    }
}
