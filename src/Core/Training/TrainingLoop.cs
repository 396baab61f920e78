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
/// allocates outlives it, so memory stays flat however many epochs run. Losses of soft-target terms (every method but
/// CrowdLayer) are differentiated on the host without autograd where <see cref="SoftTargetGradient"/> covers them, to
/// the floats autograd would give; any other loss goes through autograd.
/// </summary>
public sealed class TrainingLoop : IDisposable
{
    private readonly Random[] shuffles;
    private readonly CancellationToken cancellation;
    private readonly IProgress<TrainingProgress>? progress;
    private readonly AdamOptimizer optimizer;
    private readonly SoftTargetGradient? hostGradient;

    public TrainingLoop(MlpStack model, IEnumerable<TorchSharp.Modules.Parameter> parameters, TrainingConfig config, IReadOnlyList<long> seeds,
        int totalEpochs, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
        : this(model, parameters, config, seeds, totalEpochs, progress, cancellation, autogradOnly: false)
    {
    }

    /// <summary>With <paramref name="autogradOnly"/>, soft-target steps take autograd even on the host (how tests compare the two).</summary>
    internal TrainingLoop(MlpStack model, IEnumerable<TorchSharp.Modules.Parameter> parameters, TrainingConfig config, IReadOnlyList<long> seeds,
        int totalEpochs, IProgress<TrainingProgress>? progress, CancellationToken cancellation, bool autogradOnly)
    {
        if (seeds.Count != model.Replicas) throw new ArgumentException($"{seeds.Count} seeds for {model.Replicas} replicas", nameof(seeds));
        Model = model;
        BatchSize = config.BatchSize;
        TotalEpochs = totalEpochs;
        shuffles = seeds.Select(s => new Random(Seeds.DeriveInt(s, "shuffle"))).ToArray();
        this.progress = progress;
        this.cancellation = cancellation;
        var optimised = parameters.ToArray();
        optimizer = new AdamOptimizer(optimised, config.LearningRate, beta1: 0.9, beta2: 0.999, epsilon: config.AdamEpsilon);
        // The host gradient covers exactly the model's own weights, in its order; anything else (CrowdLayer's worker
        // matrices) is autograd's.
        bool ownWeights = optimised.Length == model.Weights.Count && optimised.Zip(model.Weights).All(p => ReferenceEquals(p.First, p.Second));
        hostGradient = ownWeights && !autogradOnly ? model.HostGradient() : null;
    }

    public MlpStack Model { get; }
    public int BatchSize { get; }
    public int TotalEpochs { get; }
    public int EpochsRun { get; private set; }

    /// <summary>
    /// One pass over <paramref name="items"/> rows, each replica in a fresh random order of its own. <paramref name="batchLoss"/>
    /// gets the batch and returns the scalar loss to descend (the sum of the replicas' losses), which autograd
    /// differentiates; <paramref name="afterStep"/> runs after the optimiser step, in the same scope.
    /// </summary>
    public void Epoch(string phase, int items, Func<ReplicaBatch, Tensor> batchLoss, Action<ReplicaBatch>? afterStep = null) =>
        Run(phase, items, batch => AutogradStep(batchLoss(batch)), afterStep);

    /// <summary>
    /// <see cref="Epoch(string, int, Func{ReplicaBatch, Tensor}, Action{ReplicaBatch})"/> for a loss of soft-target terms,
    /// Σ_t w_t Σ_r mean_b -Σ_k T_t log softmax(f_r(X_t))_k: on the host without autograd where
    /// <see cref="SoftTargetGradient"/> covers the terms (the same floats), else through autograd as
    /// <see cref="SoftCrossEntropy"/>s weighted and added in order.
    /// </summary>
    public void Epoch(string phase, int items, Func<ReplicaBatch, IReadOnlyList<SoftTargetTerm>> loss, Action<ReplicaBatch>? afterStep = null) =>
        Run(phase, items, batch =>
        {
            var terms = loss(batch);
            if (hostGradient is null || !hostGradient.Covers(terms)) return AutogradStep(SoftTargetLoss(terms));
            double value = hostGradient.Compute(terms);
            FlopCount.TrainingBackward();
            optimizer.Step(hostGradient.Gradients);
            return value;
        }, afterStep);

    /// <summary>The epoch's batches, each in its own dispose scope: <paramref name="step"/> computes the loss and steps the optimiser, returning the loss.</summary>
    private void Run(string phase, int items, Func<ReplicaBatch, double> step, Action<ReplicaBatch>? afterStep)
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
            double loss = step(batch);
            if (progress is not null)
            {
                lossSum += loss / Model.Replicas;
                batches++;
            }
            afterStep?.Invoke(batch);
        }
        EpochsRun++;
        progress?.Report(new TrainingProgress(phase, EpochsRun, TotalEpochs, batches > 0 ? lossSum / batches : double.NaN));
    }

    /// <summary>Back-propagates <paramref name="loss"/> and steps the optimiser; returns the loss when a progress line wants it.</summary>
    private double AutogradStep(Tensor loss)
    {
        optimizer.ZeroGrad();
        loss.backward();
        FlopCount.TrainingBackward();
        // Reading the loss waits for the device; only a progress line wants it.
        double value = progress is null ? double.NaN : loss.item<float>();
        optimizer.Step();
        return value;
    }

    /// <summary>Σ_t w_t · SoftCrossEntropy(f(X_t), T_t), in order (a single term of weight 1: its cross-entropy alone).</summary>
    private Tensor SoftTargetLoss(IReadOnlyList<SoftTargetTerm> terms)
    {
        Tensor Term(SoftTargetTerm t) => SoftCrossEntropy(Model.forward(t.Inputs), t.Targets);
        if (terms.Count == 1 && terms[0].Weight == 1) return Term(terms[0]);
        var sum = Term(terms[0]).mul(LiveScalars.Of(terms[0].Weight));
        foreach (var t in terms.Skip(1)) sum = sum.add(Term(t).mul(LiveScalars.Of(t.Weight)), LiveScalars.One);
        return sum;
    }

    /// <summary>
    /// Epochs of soft-target cross-entropy over <paramref name="items"/> items: inputs <paramref name="x"/> and targets each
    /// shared (items rows) or per replica (R·items replica-major rows), Σ_r mean_i -Σ_k t_rik log softmax(f_r(x_ri))_k.
    /// </summary>
    public void FitSoftTargets(string phase, Tensor x, Tensor targets, int items, int epochs)
    {
        for (int e = 0; e < epochs; e++)
            Epoch(phase, items, batch => (IReadOnlyList<SoftTargetTerm>)[new SoftTargetTerm(batch.Rows(x), batch.Rows(targets))]);
    }

    /// <summary>
    /// Σ_r mean_b -Σ_k t_rbk log softmax(z_rb)_k over replica-major R·B x K logits: each replica's own mean, summed (one
    /// replica: the plain mean, exactly as a model trained alone).
    /// </summary>
    private Tensor SoftCrossEntropy(Tensor logits, Tensor targets)
    {
        var perRow = (targets * SmallLogSoftmax.Apply(logits)).sum(1);
        return Model.Replicas == 1 ? -perRow.mean() : -perRow.view(Model.Replicas, -1).mean([1]).sum();
    }

    public void Dispose() => optimizer.Dispose();
}
