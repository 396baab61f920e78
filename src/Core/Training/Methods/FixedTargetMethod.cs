using ALfc.Core.Data;
using ALfc.Core.Models;

namespace ALfc.Core.Training.Methods;

/// <summary>
/// Methods that train the classifier once, for <c>Epochs</c> epochs, on targets fixed in advance
/// (true labels, MV, DS): minimise -Σ_k t_ik log softmax(f(x_i))_k. A method is its name and its rule
/// for the targets (items x K) and, where they come from a worker model, its confusion matrices.
/// </summary>
public abstract class FixedTargetMethod(string name, Func<CrowdDataset, (double[,] Targets, double[][,]? Confusions)> targets, bool learnsWorkers = false)
    : TrainingMethod(name, learnsWorkers)
{
    protected override FitResult Fit(TrainingRun run)
    {
        var (soft, confusions) = targets(run.Data);
        using var loop = run.Loop(run.Config.Epochs);
        using var x = run.Features();
        using var t = TensorData.Rows(soft, run.Device);
        loop.FitSoftTargets(Name, x, t, (int)x.shape[0], run.Config.Epochs);
        return FitResult.Shared(run.Replicas, confusions, loop.EpochsRun);
    }
}
