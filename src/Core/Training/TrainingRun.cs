using ALfc.Core.Data;
using ALfc.Core.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ALfc.Core.Training;

/// <summary>
/// One training run as a method sees it: the freshly built classifier (one replica per fused repetition), the data,
/// the checked config, the repetitions' seeds, and where progress and cancellation go. It bundles what every method
/// would otherwise pass along by hand, and builds the run's features and loop the same way for all of them.
/// </summary>
public sealed record TrainingRun(
    MlpStack Model,
    CrowdDataset Data,
    TrainingConfig Config,
    IReadOnlyList<long> Seeds,
    IProgress<TrainingProgress>? Progress,
    CancellationToken Cancellation)
{
    /// <summary>Where the model, and so every tensor of the run, lives.</summary>
    public Device Device => Model.Device;

    /// <summary>How many repetitions train together.</summary>
    public int Replicas => Seeds.Count;

    /// <summary>The training features (items x features) on <see cref="Device"/>, shared by every replica; the caller disposes them.</summary>
    public Tensor Features() => TensorData.Features(Data.TrainFeatures, Device);

    /// <summary>
    /// The run's minibatch loop over <paramref name="totalEpochs"/> epochs in all phases, optimising the model's
    /// parameters or, when given, <paramref name="parameters"/> (the crowd layer adds its worker matrices).
    /// </summary>
    public TrainingLoop Loop(int totalEpochs, IEnumerable<Parameter>? parameters = null) =>
        new(Model, parameters ?? Model.Weights, Config, Seeds, totalEpochs, Progress, Cancellation);

    /// <summary>One worker model per replica, each started from the majority vote (AggNet, A-LFC).</summary>
    public WorkerConfusionModel[] MajorityVoteCrowds() =>
        WorkerConfusionModel.FromMajorityVote(Data, Config.WorkerSmoothing, Seeds.Count);
}
