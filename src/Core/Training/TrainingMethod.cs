using ALfc.Core.Data;
using ALfc.Core.Models;
using static TorchSharp.torch;

namespace ALfc.Core.Training;

/// <summary>
/// The frame every training method shares, so it exists once: check the config, build the seeded classifier
/// on the trial's device (one replica per repetition when several are fused), run the method's own procedure
/// (<see cref="Fit"/>) on it, hand each replica back as its own <see cref="Mlp"/>, and dispose everything if that throws,
/// cancellation included.
/// </summary>
public abstract class TrainingMethod(string name, bool learnsWorkers) : ITrainingMethod
{
    public string Name { get; } = name;

    public bool LearnsWorkers { get; } = learnsWorkers;

    /// <summary>Epochs over all phases (a method with phases beyond <see cref="TrainingConfig.Epochs"/> says so).</summary>
    public virtual int Epochs(TrainingConfig config) => config.Epochs;

    public TrainedClassifier Train(CrowdDataset data, TrainingConfig config, long seed, Device device, IProgress<TrainingProgress>? progress, CancellationToken cancellation) =>
        TrainFused(data, config, [seed], device, progress, cancellation)[0];

    public IReadOnlyList<TrainedClassifier> TrainFused(CrowdDataset data, TrainingConfig config, IReadOnlyList<long> seeds, Device device,
        IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        config.Validate();
        using var model = new MlpStack(data.Features, data.Classes, config.Model, seeds, device);
        var fit = Fit(new TrainingRun(model, data, config, seeds, progress, cancellation));
        var trained = new List<TrainedClassifier>();
        try
        {
            for (int r = 0; r < seeds.Count; r++) trained.Add(new TrainedClassifier(model.Replica(r), fit.Confusions[r], fit.EpochsRun));
            return trained;
        }
        catch
        {
            foreach (var t in trained) t.Dispose();
            throw;
        }
    }

    /// <summary>Trains every replica of <see cref="TrainingRun.Model"/> and says what worker models each learned, if any.</summary>
    protected abstract FitResult Fit(TrainingRun run);
}
