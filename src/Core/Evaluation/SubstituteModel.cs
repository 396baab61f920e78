using ALfc.Core.Data;
using ALfc.Core.Models;
using ALfc.Core.Training;
using ALfc.Core.Training.Methods;
using static TorchSharp.torch;

namespace ALfc.Core.Evaluation;

/// <summary>
/// The black-box substitute: Dense(32, ReLU), Dropout(0.3), Dense(K) trained on majority-vote labels. It is
/// seeded by the repetition seed alone, so every method of a repetition faces the same adversarial inputs, and so
/// it is trained once per repetition and process (<see cref="SubstituteCache"/>).
/// </summary>
public static class SubstituteModel
{
    public static Mlp Train(CrowdDataset data, EvaluationConfig evaluation, TrainingConfig training, long repetitionSeed, Device device,
        CancellationToken cancellation, SubstituteCache? cache = null)
    {
        var (config, seed) = Settings(evaluation, training, repetitionSeed);
        return (cache ?? SubstituteCache.Shared).GetOrTrain(data, config, seed, device,
            () => new MajorityVoteMethod().Train(data, config, seed, device, null, cancellation).Model);
    }

    /// <summary>What the substitute is, by content (<see cref="SubstituteCache"/>'s key): what its black-box inputs are cached under.</summary>
    public static string Key(CrowdDataset data, EvaluationConfig evaluation, TrainingConfig training, long repetitionSeed, Device device)
    {
        var (config, seed) = Settings(evaluation, training, repetitionSeed);
        return SubstituteCache.Key(data, config, seed, device);
    }

    /// <summary>Majority-vote training of the substitute's shape for the substitute's epochs, and its seed.</summary>
    private static (TrainingConfig Config, long Seed) Settings(EvaluationConfig evaluation, TrainingConfig training, long repetitionSeed) =>
        (training with { Model = evaluation.Substitute, Epochs = evaluation.SubstituteEpochs ?? training.Epochs }, Seeds.Derive(repetitionSeed, "substitute"));
}
