using ALfc.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Core.Training;

/// <summary>
/// The one minibatch loop every method runs through, so shuffling, modes, dispose scopes, the optimiser
/// step and cancellation exist once. A method supplies the batch loss (and optionally work after each
/// step, as A-LFC's per-minibatch E-step). Each step runs inside its own dispose scope: nothing a step
/// allocates outlives it, so memory stays flat however many epochs run.
/// </summary>
public sealed class TrainingLoop : IDisposable
{
    private readonly Random shuffle;
    private readonly CancellationToken cancellation;
    private readonly IProgress<TrainingProgress>? progress;
    private readonly AdamOptimizer optimizer;

    public TrainingLoop(Mlp model, IEnumerable<TorchSharp.Modules.Parameter> parameters, TrainingConfig config, long seed,
        int totalEpochs, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        Model = model;
        BatchSize = config.BatchSize;
        TotalEpochs = totalEpochs;
        shuffle = new Random(Seeds.DeriveInt(seed, "shuffle"));
        this.progress = progress;
        this.cancellation = cancellation;
        optimizer = new AdamOptimizer(parameters, config.LearningRate, beta1: 0.9, beta2: 0.999, epsilon: config.AdamEpsilon);
    }

    public TrainingLoop(Mlp model, TrainingConfig config, long seed, int totalEpochs, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
        : this(model, model.parameters(), config, seed, totalEpochs, progress, cancellation)
    {
    }

    public Mlp Model { get; }
    public int BatchSize { get; }
    public int TotalEpochs { get; }
    public int EpochsRun { get; private set; }

    /// <summary>
    /// One pass over <paramref name="items"/> rows in a fresh random order. <paramref name="batchLoss"/>
    /// gets the batch's row indices, as an int64 tensor on the model's device and as host numbers, and
    /// returns the scalar loss to descend; <paramref name="afterStep"/> runs after the optimiser step, in the same scope.
    /// </summary>
    public void Epoch(string phase, int items, Func<Tensor, long[], Tensor> batchLoss, Action<Tensor, long[]>? afterStep = null)
    {
        var order = Enumerable.Range(0, items).Select(i => (long)i).ToArray();
        shuffle.Shuffle(order);
        double lossSum = 0;
        int batches = 0;
        for (int start = 0; start < items; start += BatchSize)
        {
            cancellation.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var batch = order[start..Math.Min(items, start + BatchSize)];
            var index = TensorData.Indices(batch, Model.Device);
            Model.train();
            optimizer.ZeroGrad();
            var loss = batchLoss(index, batch);
            loss.backward();
            FlopCount.TrainingBackward();
            // Reading the loss waits for the device; only a progress line wants it.
            if (progress is not null)
            {
                lossSum += loss.item<float>();
                batches++;
            }
            optimizer.Step();
            afterStep?.Invoke(index, batch);
        }
        EpochsRun++;
        progress?.Report(new TrainingProgress(phase, EpochsRun, TotalEpochs, batches > 0 ? lossSum / batches : double.NaN));
    }

    /// <summary>Epochs of soft-target cross-entropy: -Σ_k t_ik log softmax(f(x_i))_k, averaged over the batch.</summary>
    public void FitSoftTargets(string phase, Tensor x, Tensor targets, int epochs)
    {
        for (int e = 0; e < epochs; e++)
            Epoch(phase, (int)x.shape[0], (index, _) => SoftCrossEntropy(Model.forward(x.index_select(0, index)), targets.index_select(0, index)));
    }

    public static Tensor SoftCrossEntropy(Tensor logits, Tensor targets) =>
        -(targets * nn.functional.log_softmax(logits, 1)).sum(1).mean();

    public void Dispose() => optimizer.Dispose();
}
