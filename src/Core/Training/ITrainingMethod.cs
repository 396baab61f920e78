using ALfc.Core.Data;

namespace ALfc.Core.Training;

/// <summary>
/// A way to train the classifier from a crowd dataset (gt, mv, ds, aggnet, crowdlayer, alfc). The seed
/// fixes shuffles, initialisation, dropout masks and attack random starts, so the same seed on CPU gives
/// the same model. Progress is reported per epoch; the token is checked at every minibatch.
/// </summary>
public interface ITrainingMethod
{
    /// <summary>The registry name.</summary>
    string Name { get; }

    /// <summary>True when the method learns per-worker confusion matrices (compared against the truth in Exp 4).</summary>
    bool LearnsWorkers { get; }

    TrainedClassifier Train(CrowdDataset data, TrainingConfig config, long seed, IProgress<TrainingProgress>? progress, CancellationToken cancellation);
}
