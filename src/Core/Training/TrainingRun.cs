using ALfc.Core.Data;
using ALfc.Core.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ALfc.Core.Training;

/// <summary>
/// One training run as a method sees it: the freshly built classifier, the data, the checked config, the
/// trial seed, and where progress and cancellation go. It bundles what every method would otherwise pass
/// along by hand, and builds the run's features and loop the same way for all of them.
/// </summary>
public sealed record TrainingRun(
    Mlp Model,
    CrowdDataset Data,
    TrainingConfig Config,
    long Seed,
    IProgress<TrainingProgress>? Progress,
    CancellationToken Cancellation)
{
    /// <summary>Where the model, and so every tensor of the run, lives.</summary>
    public Device Device => Model.Device;

    /// <summary>The training features (items x features) on <see cref="Device"/>; the caller disposes them.</summary>
    public Tensor Features() => TensorData.Features(Data.TrainFeatures, Device);

    /// <summary>
    /// The run's minibatch loop over <paramref name="totalEpochs"/> epochs in all phases, optimising the model's
    /// parameters or, when given, <paramref name="parameters"/> (the crowd layer adds its worker matrices).
    /// </summary>
    public TrainingLoop Loop(int totalEpochs, IEnumerable<Parameter>? parameters = null) =>
        new(Model, parameters ?? Model.parameters(), Config, Seed, totalEpochs, Progress, Cancellation);
}
