using ALfc.Core.Models;

namespace ALfc.Core.Training;

/// <summary>
/// A trained classifier and, for methods that learn worker models (A-LFC, AggNet, DS, CrowdLayer),
/// the learned confusion matrices [worker][true, answered]. The owner disposes the model.
/// </summary>
public sealed class TrainedClassifier(Mlp model, double[][,]? workerConfusions, int epochsRun) : IDisposable
{
    public Mlp Model { get; } = model;
    public double[][,]? WorkerConfusions { get; } = workerConfusions;
    public int EpochsRun { get; } = epochsRun;

    private bool disposed;

    /// <summary>Disposes the model; a second call does nothing (a fused unit frees each repetition's model early).</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        Model.Dispose();
    }
}
