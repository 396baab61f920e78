using ALfc.Core.Data;
using ALfc.Core.Models;
using static TorchSharp.torch;

namespace ALfc.Core.Training;

/// <summary>
/// The frame every training method shares, so it exists once: check the config, build the seeded classifier
/// on the trial's device, run the method's own procedure (<see cref="Fit"/>) on it, and dispose the classifier
/// if that throws, cancellation included.
/// </summary>
public abstract class TrainingMethod(string name, bool learnsWorkers) : ITrainingMethod
{
    public string Name { get; } = name;

    public bool LearnsWorkers { get; } = learnsWorkers;

    public TrainedClassifier Train(CrowdDataset data, TrainingConfig config, long seed, Device device, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        config.Validate();
        var model = new Mlp(data.Features, data.Classes, config.Model, seed, device);
        return TrainedClassifier.Train(model, () => Fit(new TrainingRun(model, data, config, seed, progress, cancellation)));
    }

    /// <summary>Trains <see cref="TrainingRun.Model"/> and hands it back with the worker models it learned, if any.</summary>
    protected abstract TrainedClassifier Fit(TrainingRun run);
}
