using ALfc.Core.Data;
using ALfc.Core.Evaluation;
using ALfc.Core.Models;
using ALfc.Core.Training;
using static TorchSharp.torch;

namespace ALfc.Tests.Evaluation;

/// <summary>The per-repetition substitute cache: trained once, rebuilt bit for bit, keyed by content, bounded.</summary>
public class SubstituteCacheTests
{
    private static readonly SyntheticCrowdSpec Crowd = new() { TrainItems = 200, TestItems = 100, Features = 8, Classes = 3, Workers = 6, MaxAnswersPerItem = 3 };
    private static readonly TrainingConfig Training = new() { Epochs = 3 };
    private static readonly EvaluationConfig Evaluation = new() { Attacks = ["pgd"], Epsilons = [0.1] };

    private static CrowdDataset Load(int seed = 0) => DatasetCatalog.Load("synthetic", new() { Synthetic = Crowd with { Seed = seed } });

    private static float[][] Weights(Mlp model) => model.parameters().Select(p => p.detach().data<float>().ToArray()).ToArray();

    [Fact]
    public void A_repetition_trains_its_substitute_once_and_gets_the_same_weights_back()
    {
        var cache = new SubstituteCache(long.MaxValue);
        var data = Load();
        using var uncached = SubstituteModel.Train(data, Evaluation, Training, 5, CPU, CancellationToken.None, new SubstituteCache(0));
        long before = FlopCount.Total;
        using var first = SubstituteModel.Train(data, Evaluation, Training, 5, CPU, CancellationToken.None, cache);
        long trained = FlopCount.Total - before;
        // Another method's trial of the same repetition (its own alpha and schedule), with the data loaded again.
        before = FlopCount.Total;
        using var second = SubstituteModel.Train(Load(), Evaluation, Training with { Alpha = 0.9, Schedule = AlfcSchedule.Reference }, 5, CPU, CancellationToken.None, cache);
        Assert.True(trained > 0);
        Assert.Equal(0, FlopCount.Total - before); // nothing trained
        Assert.Equal(Weights(uncached), Weights(first));
        Assert.Equal(Weights(uncached), Weights(second));
        Assert.Equal(1, cache.Count);

        // Cleared, the cache trains it again (the bench's second timing pass relies on that), to the same weights.
        cache.Clear();
        Assert.Equal(0, cache.Count);
        before = FlopCount.Total;
        using var third = SubstituteModel.Train(data, Evaluation, Training, 5, CPU, CancellationToken.None, cache);
        Assert.Equal(trained, FlopCount.Total - before);
        Assert.Equal(Weights(uncached), Weights(third));
    }

    [Fact]
    public void Black_box_accuracy_is_the_same_with_a_rebuilt_substitute()
    {
        var cache = new SubstituteCache(long.MaxValue);
        var data = Load();
        using var model = new Mlp(data.Features, data.Classes, MlpSpec.Classifier, 11);
        using var fresh = SubstituteModel.Train(data, Evaluation, Training, 5, CPU, CancellationToken.None, cache);
        using var rebuilt = SubstituteModel.Train(data, Evaluation, Training, 5, CPU, CancellationToken.None, cache);
        var a = Evaluator.Evaluate(model, fresh, data, Evaluation, 5, CancellationToken.None);
        var b = Evaluator.Evaluate(model, rebuilt, data, Evaluation, 5, CancellationToken.None);
        Assert.Equal(a.Black["pgd"], b.Black["pgd"]);
    }

    [Fact]
    public void Another_seed_other_data_or_other_training_settings_train_their_own_and_the_oldest_entry_goes_first()
    {
        // A substitute of 8 inputs, 32 hidden and 3 classes is (8·32 + 32 + 32·3 + 3) floats = 1548 bytes: room for two.
        var cache = new SubstituteCache(2 * 1548);
        var data = Load();
        SubstituteModel.Train(data, Evaluation, Training, 5, CPU, CancellationToken.None, cache).Dispose();
        SubstituteModel.Train(data, Evaluation, Training, 6, CPU, CancellationToken.None, cache).Dispose();
        Assert.Equal(2, cache.Count);
        long before = FlopCount.Total;
        SubstituteModel.Train(Load(seed: 1), Evaluation, Training, 5, CPU, CancellationToken.None, cache).Dispose();
        Assert.True(FlopCount.Total > before);
        before = FlopCount.Total;
        SubstituteModel.Train(data, Evaluation, Training with { LearningRate = 0.01 }, 6, CPU, CancellationToken.None, cache).Dispose();
        Assert.True(FlopCount.Total > before);
        Assert.Equal(2, cache.Count);
        before = FlopCount.Total;
        SubstituteModel.Train(data, Evaluation, Training, 5, CPU, CancellationToken.None, cache).Dispose(); // evicted: trained again
        Assert.True(FlopCount.Total > before);
    }
}
