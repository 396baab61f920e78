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
    /// <summary>MV pre-training, then one epoch per EM iteration.</summary>
    public override int Epochs(TrainingConfig config) => config.Epochs + config.AggNetIterations;

    protected override FitResult Fit(TrainingRun run)
    {
        var config = run.Config;
        using var loop = run.Loop(Epochs(config));
        using var x = run.Features();
        var crowds = run.MajorityVoteCrowds();
        using (var mv = TensorData.Rows(crowds[0].InitialPosteriors, run.Device)) loop.FitSoftTargets("pretrain on mv", x, mv, crowds[0].Items, config.Epochs);
        Iterate(loop, x, crowds, config.AggNetIterations, "aggnet em");
        return new FitResult(crowds.Select(c => (double[][,]?)c.Confusions()).ToArray(), loop.EpochsRun);
    }

    /// <summary>AggNet EM iterations on the loop's replicas, each with its own crowd (shared with A-LFC's reference schedule warm-up).</summary>
    internal static void Iterate(TrainingLoop loop, Tensor x, WorkerConfusionModel[] crowds, int iterations, string phase)
    {
        var all = TensorData.AllRows(crowds[0].Items);
        using var replicated = ReplicaRows.Repeat(x, crowds.Length);
        for (int it = 0; it < iterations; it++)
        {
            using (var targets = ReplicaRows.Stack(crowds.Select(c => c.Posteriors).ToArray(), x.device)) loop.FitSoftTargets(phase, x, targets, crowds[0].Items, 1);
            foreach (var crowd in crowds) crowd.RefreshConfusions();
            using var probabilities = loop.Model.Probabilities(replicated);
            var perReplica = ReplicaRows.Floats(probabilities, crowds.Length);
            for (int r = 0; r < crowds.Length; r++) crowds[r].EStep(all, perReplica[r]);
        }
    }
}
