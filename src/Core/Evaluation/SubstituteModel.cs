using ALfc.Core.Data;
using ALfc.Core.Models;
using ALfc.Core.Training;
using ALfc.Core.Training.Methods;
using static TorchSharp.torch;

namespace ALfc.Core.Evaluation;

/// <summary>
/// The black-box substitute: Dense(32, ReLU), Dropout(0.3), Dense(K) trained on majority-vote labels. It is
/// seeded by the repetition seed alone, so every method of a repetition faces the same adversarial inputs.
/// </summary>
public static class SubstituteModel
{
    public static Mlp Train(CrowdDataset data, EvaluationConfig evaluation, TrainingConfig training, long repetitionSeed, Device device, CancellationToken cancellation)
    {
        var config = training with { Model = evaluation.Substitute, Epochs = evaluation.SubstituteEpochs ?? training.Epochs };
        var trained = new MajorityVoteMethod().Train(data, config, Seeds.Derive(repetitionSeed, "substitute"), device, null, cancellation);
        return trained.Model;
    }
}
