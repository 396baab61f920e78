using ALfc.Core.Data;
using ALfc.Core.Models;
using static TorchSharp.torch;

namespace ALfc.Core.Training.Methods;

/// <summary>
/// Methods that train the classifier once, for <c>Epochs</c> epochs, on targets fixed in advance
/// (true labels, MV, DS): minimise -Σ_k t_ik log softmax(f(x_i))_k.
/// </summary>
public abstract class FixedTargetMethod : ITrainingMethod
{
    public abstract string Name { get; }
    public virtual bool LearnsWorkers => false;

    /// <summary>The targets (items x K) and, where the targets come from a worker model, its confusion matrices.</summary>
    protected abstract (double[,] Targets, double[][,]? Confusions) Targets(CrowdDataset data);

    public TrainedClassifier Train(CrowdDataset data, TrainingConfig config, long seed, Device device, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        config.Validate();
        var (targets, confusions) = Targets(data);
        var model = new Mlp(data.Features, data.Classes, config.Model, seed, device);
        return TrainedClassifier.Train(model, () =>
        {
            using var loop = new TrainingLoop(model, config, seed, config.Epochs, progress, cancellation);
            using var x = TensorData.Features(data.TrainFeatures, device);
            using var t = TensorData.Rows(targets, device);
            loop.FitSoftTargets(Name, x, t, config.Epochs);
            return new TrainedClassifier(model, confusions, loop.EpochsRun);
        });
    }
}
