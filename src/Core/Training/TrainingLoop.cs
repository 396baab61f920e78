using ALfc.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Core.Training;

/// <summary>
/// The one minibatch loop every method runs through, so shuffling, modes, dispose scopes, the optimiser
/// step and cancellation exist once. It trains every replica of an <see cref="MlpStack"/> at once (fused repetitions):
/// each replica shuffles with its own seed's stream, and the batch loss is the sum of the replicas' own losses, so each
/// replica steps as it would alone. A method supplies the batch loss (and optionally work after each
/// step, as A-LFC's per-minibatch E-step). Each step runs inside its own dispose scope: nothing a step
/// allocates outlives it, so memory stays flat however many epochs run.
/// </summary>
public sealed class TrainingLoop : IDisposable
{
    private readonly Random[] shuffles;
    private readonly CancellationToken cancellation;
    private readonly IProgress<TrainingProgress>? progress;
    private readonly AdamOptimizer optimizer;

    public TrainingLoop(MlpStack model, IEnumerable<TorchSharp.Modules.Parameter> parameters, TrainingConfig config, IReadOnlyList<long> seeds,
        int totalEpochs, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        if (seeds.Count != model.Replicas) throw new ArgumentException($"{seeds.Count} seeds for {model.Replicas} replicas", nameof(seeds));
        Model = model;
        BatchSize = config.BatchSize;
        TotalEpochs = totalEpochs;
        shuffles = seeds.Select(s => new Random(Seeds.DeriveInt(s, "shuffle"))).ToArray();
        this.progress = progress;
        this.cancellation = cancellation;
        optimizer = new AdamOptimizer(parameters, config.LearningRate, beta1: 0.9, beta2: 0.999, epsilon: config.AdamEpsilon);
    }

    public MlpStack Model { get; }
    public int BatchSize { get; }
    public int TotalEpochs { get; }
    public int EpochsRun { get; private set; }

    /// <summary>
    /// One pass over <paramref name="items"/> rows, each replica in a fresh random order of its own. <paramref name="batchLoss"/>
    /// gets the batch and returns the scalar loss to descend (the sum of the replicas' losses); <paramref name="afterStep"/>
    /// runs after the optimiser step, in the same scope.
    /// </summary>
    public void Epoch(string phase, int items, Func<ReplicaBatch, Tensor> batchLoss, Action<ReplicaBatch>? afterStep = null)
    {
        var orders = shuffles.Select(shuffle =>
        {
            var order = Enumerable.Range(0, items).Select(i => (long)i).ToArray();
            shuffle.Shuffle(order);
            return order;
        }).ToArray();
        double lossSum = 0;
        int batches = 0;
        for (int start = 0; start < items; start += BatchSize)
        {
            cancellation.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            int end = Math.Min(items, start + BatchSize);
            var batchItems = orders.Select(o => o[start..end]).ToArray();
            var index = tensor(batchItems.SelectMany(b => b).ToArray(), device: Model.Device);
            var batch = new ReplicaBatch(index, batchItems, items);
            Model.train();
            optimizer.ZeroGrad();
            var loss = batchLoss(batch);
            loss.backward();
            FlopCount.TrainingBackward();
            // Reading the loss waits for the device; only a progress line wants it.
            if (progress is not null)
            {
                lossSum += loss.item<float>() / Model.Replicas;
                batches++;
            }
            optimizer.Step();
            afterStep?.Invoke(batch);
        }
        EpochsRun++;
        progress?.Report(new TrainingProgress(phase, EpochsRun, TotalEpochs, batches > 0 ? lossSum / batches : double.NaN));
    }

    /// <summary>
    /// Epochs of soft-target cross-entropy over <paramref name="items"/> items: inputs <paramref name="x"/> and targets each
    /// shared (items rows) or per replica (R·items replica-major rows), Σ_r mean_i -Σ_k t_rik log softmax(f_r(x_ri))_k.
    /// </summary>
    public void FitSoftTargets(string phase, Tensor x, Tensor targets, int items, int epochs)
    {
        for (int e = 0; e < epochs; e++)
            Epoch(phase, items, batch => SoftCrossEntropy(Model.forward(batch.Rows(x)), batch.Rows(targets)));
    }

    /// <summary>
    /// Σ_r mean_b -Σ_k t_rbk log softmax(z_rb)_k over replica-major R·B x K logits: each replica's own mean, summed (one
    /// replica: the plain mean, exactly as a model trained alone).
    /// </summary>
    public Tensor SoftCrossEntropy(Tensor logits, Tensor targets)
    {
        var perRow = (targets * SmallLogSoftmax.Apply(logits)).sum(1);
        return Model.Replicas == 1 ? -perRow.mean() : -perRow.view(Model.Replicas, -1).mean([1]).sum();
    }

    public void Dispose() => optimizer.Dispose();
}
