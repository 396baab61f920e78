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

    public void Dispose() => Model.Dispose();

    /// <summary>
    /// Runs <paramref name="train"/>, which trains the freshly created <paramref name="model"/>, and hands the result on; if training throws
    /// (cancellation included) the model is disposed, so no method leaks one on the way out.
    /// </summary>
    public static TrainedClassifier Train(Mlp model, Func<TrainedClassifier> train)
    {
        try
        {
            return train();
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
