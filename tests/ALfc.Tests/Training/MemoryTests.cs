using ALfc.Core.Training;
using TorchSharp;

namespace ALfc.Tests.Training;

/// <summary>Every training step runs in its own dispose scope: the number of live tensors must not grow with epochs.</summary>
public class MemoryTests
{
    [Theory]
    [InlineData("alfc", AlfcSchedule.Paper)]
    [InlineData("alfc", AlfcSchedule.Reference)]
    [InlineData("crowdlayer", AlfcSchedule.Paper)]
    [InlineData("aggnet", AlfcSchedule.Paper)]
    public void Live_tensors_stay_flat_over_many_epochs(string method, AlfcSchedule schedule)
    {
        var live = new List<(string Phase, long Count)>();
        var config = new TrainingConfig
        {
            Epochs = 60, Schedule = schedule, AggNetIterations = 60,
            ReferenceWarmupIterations = 5, ReferenceRounds = 8, ReferenceIterationsPerRound = 5,
        };
        var data = TrainingTestData.Small();
        // Training runs on this thread, so the per-thread count sees exactly its tensors.
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var trained = MethodCatalog.Create(method).Train(data, config, 3, TorchSharp.torch.CPU,
            new SyncProgress(p => live.Add((p.Phase, DisposeScopeManager.Statistics.ThreadTotalLiveCount))), CancellationToken.None);
        trained.Dispose();
        GC.KeepAlive(data);

        // Within a phase the count is the same after every epoch (phase-level tensors such as X' are alive throughout)...
        AssertFlatWithinPhases(live, epochs: 60);
        // ...and once the model is disposed nothing the run created is left behind.
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Theory]
    [InlineData("alfc")]
    [InlineData("crowdlayer")]
    public void Fused_repetitions_stay_flat_too(string method)
    {
        // The fused path records its products through a custom autograd function (Affine), whose backward runs
        // inside libtorch's engine: its tensors too must be released every step.
        var live = new List<(string Phase, long Count)>();
        var config = new TrainingConfig { Epochs = 40 };
        var data = TrainingTestData.Small();
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var trained = MethodCatalog.Create(method).TrainFused(data, config, [3, 4, 5], TorchSharp.torch.CPU,
            new SyncProgress(p => live.Add((p.Phase, DisposeScopeManager.Statistics.ThreadTotalLiveCount))), CancellationToken.None);
        foreach (var t in trained) t.Dispose();
        GC.KeepAlive(data);
        AssertFlatWithinPhases(live, epochs: 40);
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    /// <summary>After its first two epochs, every phase ends each epoch with the same number of live tensors.</summary>
    private static void AssertFlatWithinPhases(List<(string Phase, long Count)> live, int epochs)
    {
        foreach (var phase in live.GroupBy(l => l.Phase))
        {
            var settled = phase.Skip(2).Select(l => l.Count).ToArray();
            Assert.True(settled.Length == 0 || settled.Max() == settled.Min(), $"{phase.Key}: live tensors drift: {string.Join(", ", phase.Select(l => l.Count))}");
        }
        Assert.True(live.Count >= epochs);
    }

    [Fact]
    public void A_whole_trial_with_every_attack_leaves_no_tensor_behind()
    {
        var data = TrainingTestData.Small();
        var spec = new Core.Evaluation.TrialSpec("synthetic", "alfc", 1, new TrainingConfig { Epochs = 3 },
            new Core.Evaluation.EvaluationConfig { Epsilons = [0.01, 0.03], SubstituteEpochs = 2 });
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Core.Evaluation.TrialRunner.Run(spec, data, TorchSharp.torch.CPU, null, CancellationToken.None);
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
