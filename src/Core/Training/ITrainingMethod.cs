using ALfc.Core.Data;
using static TorchSharp.torch;

namespace ALfc.Core.Training;

/// <summary>
/// A way to train the classifier from a crowd dataset (gt, mv, ds, aggnet, crowdlayer, alfc). The seed
/// fixes shuffles, initialisation, dropout masks and attack random starts, so the same seed on CPU gives
/// the same model. Every tensor of the run lives on <c>device</c> (results are read back to the host).
/// Progress is reported per epoch; the token is checked at every minibatch.
/// </summary>
public interface ITrainingMethod
{
    /// <summary>The registry name.</summary>
    string Name { get; }

    /// <summary>True when the method learns per-worker confusion matrices (compared against the truth in Exp 4).</summary>
    bool LearnsWorkers { get; }

    /// <summary>How many epochs <see cref="Train"/> runs under <paramref name="config"/>, over all its phases.</summary>
    int Epochs(TrainingConfig config);

    TrainedClassifier Train(CrowdDataset data, TrainingConfig config, long seed, Device device, IProgress<TrainingProgress>? progress, CancellationToken cancellation);

    /// <summary>
    /// Trains one classifier per seed as one batched model (fused repetitions, <see cref="Models.MlpStack"/>); classifier r
    /// is the one <see cref="Train"/> gives for seeds[r]. The caller disposes them.
    /// </summary>
    IReadOnlyList<TrainedClassifier> TrainFused(CrowdDataset data, TrainingConfig config, IReadOnlyList<long> seeds, Device device,
        IProgress<TrainingProgress>? progress, CancellationToken cancellation);
}
