using ALfc.Core.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ALfc.Core.Training.Methods;

/// <summary>
/// `crowdlayer`: Rodrigues &amp; Pereira (2018, AAAI, "Deep learning from crowds"), "MW" variant. Each
/// worker j has a K x K matrix W_j, initialised to the identity, applied to the classifier's softmax
/// output p_i: worker logits z_ij = p_i W_j. The loss is the cross-entropy of softmax(z_ij) against
/// y_ij over the answers that exist (missing ones masked), averaged over the batch's answers. Classifier
/// and W are trained jointly for <c>Epochs</c> epochs; the crowd layer is dropped at test time.
/// The learned confusion of worker j is row k of softmax(W_j) — what the layer answers when p is one-hot on k.
/// </summary>
public sealed class CrowdLayerMethod() : TrainingMethod("crowdlayer", learnsWorkers: true)
{
    protected override FitResult Fit(TrainingRun run)
    {
        var (data, model, device) = (run.Data, run.Model, run.Device);
        int k = data.Classes, m = data.Workers, replicas = run.Replicas;
        using var weights = IdentityPerWorker(replicas, k, m, device); // (R, M, K, K)
        using var loop = run.Loop(run.Config.Epochs, model.parameters().Append(weights));
        using var x = run.Features();
        using var answers = tensor(data.Answers.Values.Select(v => (long)v).ToArray(), [data.Answers.Items, m], device: device); // (N, M), -1 = missing
        for (int epoch = 0; epoch < run.Config.Epochs; epoch++)
            loop.Epoch(Name, data.Answers.Items, batch =>
            {
                var p = nn.functional.softmax(model.forward(batch.Rows(x)), 1).view(replicas, -1, k);    // (R, B, K)
                var y = batch.Rows(answers).view(replicas, -1, m);                                      // (R, B, M)
                var logits = einsum("rbk,rmkl->rbml", p, weights);                                      // (R, B, M, K)
                var mask = y.ge(LiveScalars.Zero).to_type(ScalarType.Float32);
                var logLikelihood = SmallLogSoftmax.Apply(logits.contiguous()).gather(3, y.clamp_min(LiveScalars.Zero).unsqueeze(3)).squeeze(3);
                // Each replica's own mean over its answers, summed.
                return (-(logLikelihood * mask).sum([1, 2]) / mask.sum([1, 2]).clamp_min(LiveScalars.One)).sum();
            });
        float[][] values;
        using (NewDisposeScope()) values = ReplicaRows.Floats(nn.functional.softmax(weights.detach(), 3), replicas);
        var confusions = values.Select(replica => (double[][,]?)Enumerable.Range(0, m).Select(j =>
        {
            var pi = new double[k, k];
            for (int t = 0; t < k; t++)
                for (int l = 0; l < k; l++) pi[t, l] = replica[(j * k + t) * k + l];
            return pi;
        }).ToArray()).ToArray();
        return new FitResult(confusions, loop.EpochsRun);
    }

    private static Parameter IdentityPerWorker(int replicas, int k, int m, Device device)
    {
        // Parameter takes over the tensor's native handle; the scope then releases the emptied wrapper and the temporaries.
        using var scope = NewDisposeScope();
        var parameter = new Parameter(eye(k, device: device).unsqueeze(0).repeat(replicas * m, 1, 1).view(replicas, m, k, k));
        parameter.DetachFromDisposeScope();
        return parameter;
    }
}
