using ALfc.Core.Models;
using static TorchSharp.torch;

namespace ALfc.Core.Training.Methods;

/// <summary>
/// `aggnet`: Raykar et al. (2010, JMLR 11) EM with a neural classifier, as AggNet (Albarqouni et al. 2016,
/// IEEE TMI, doi:10.1109/TMI.2016.2528120) and the A-LFC authors' code run it: <c>Epochs</c> epochs on MV
/// labels, then <c>AggNetIterations</c> EM iterations, each
/// M-step: one epoch of soft-target cross-entropy on ρ, then π^(j) from ρ (eq. 6);
/// E-step: ρ_ik ∝ p(k | x_i) · Π_j π^(j)[k, y_ij] (eq. 7 with α = 1).
/// </summary>
public sealed class AggNetMethod() : TrainingMethod("aggnet", learnsWorkers: true)
{
    protected override TrainedClassifier Fit(TrainingRun run)
    {
        var config = run.Config;
        using var loop = run.Loop(config.Epochs + config.AggNetIterations);
        using var x = run.Features();
        var crowd = WorkerConfusionModel.FromMajorityVote(run.Data, config.WorkerSmoothing);
        using (var mv = TensorData.Rows(crowd.InitialPosteriors, run.Device)) loop.FitSoftTargets("pretrain on mv", x, mv, config.Epochs);
        Iterate(loop, x, crowd, config.AggNetIterations, "aggnet em");
        return new TrainedClassifier(run.Model, crowd.Confusions(), loop.EpochsRun);
    }

    /// <summary>AggNet EM iterations on the loop's model (shared with A-LFC's reference schedule warm-up).</summary>
    internal static void Iterate(TrainingLoop loop, Tensor x, WorkerConfusionModel crowd, int iterations, string phase)
    {
        var all = TensorData.AllRows(crowd.Items);
        for (int it = 0; it < iterations; it++)
        {
            using (var targets = TensorData.Rows(crowd.Posteriors, x.device)) loop.FitSoftTargets(phase, x, targets, 1);
            crowd.RefreshConfusions();
            using var probabilities = loop.Model.Probabilities(x);
            crowd.EStep(all, TensorData.Floats(probabilities));
        }
    }
}
