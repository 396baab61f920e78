using ALfc.Core;
using ALfc.Core.Models;
using ALfc.Core.Training;

namespace ALfc.Tests.Training;

/// <summary>Properties every registered training method must have.</summary>
public class MethodContractTests
{
    public static TheoryData<string> Names() => new(MethodCatalog.Names);

    [Theory]
    [MemberData(nameof(Names))]
    public void Trains_a_classifier_and_reports_learned_worker_models_when_it_has_them(string name)
    {
        var data = TrainingTestData.Small();
        var method = MethodCatalog.Create(name);
        var reports = new List<TrainingProgress>();
        var config = new TrainingConfig { Epochs = 3, AggNetIterations = 2 };
        using var trained = method.Train(data, config, seed: 1, TorchSharp.torch.CPU, new SyncProgress(reports.Add), CancellationToken.None);
        using var x = TensorData.Features(data.TestFeatures, TorchSharp.torch.CPU);
        Assert.Equal(data.TestGold.Length, trained.Model.Predict(x).Length);
        Assert.Equal(method.LearnsWorkers, trained.WorkerConfusions is not null);
        Assert.NotEmpty(reports);
        Assert.Equal(reports[^1].TotalEpochs, reports[^1].Epoch);
        Assert.Equal(trained.EpochsRun, reports[^1].Epoch);
        Assert.All(reports, r => Assert.True(double.IsFinite(r.Loss) && r.Loss >= 0, $"epoch {r.Epoch}: loss {r.Loss}")); // each epoch's mean loss, for the live line
        foreach (var pi in trained.WorkerConfusions ?? [])
            for (int t = 0; t < data.Classes; t++)
                Assert.Equal(1.0, Enumerable.Range(0, data.Classes).Sum(l => pi[t, l]), 5);
    }

    [Fact]
    public void Training_stops_when_cancelled()
    {
        using var cancellation = new CancellationTokenSource();
        var progress = new SyncProgress(p => { if (p.Epoch == 2) cancellation.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() =>
            MethodCatalog.Create("alfc").Train(TrainingTestData.Small(), new TrainingConfig { Epochs = 50 }, 1, TorchSharp.torch.CPU, progress, cancellation.Token));
    }

    [Fact]
    public void The_reference_schedule_runs_its_phases_in_order()
    {
        var phases = new List<string>();
        var config = new TrainingConfig { Epochs = 2, Schedule = AlfcSchedule.Reference, ReferenceWarmupIterations = 1, ReferenceRounds = 2, ReferenceIterationsPerRound = 2 };
        using var trained = MethodCatalog.Create("alfc").Train(TrainingTestData.Small(), config, 1, TorchSharp.torch.CPU, new SyncProgress(p => phases.Add(p.Phase)), CancellationToken.None);
        Assert.Equal(2 + 1 + 2 * 2, trained.EpochsRun);
        Assert.Equal(new[] { "pretrain on mv", "aggnet em", "alfc (reference)" }, phases.Distinct());
    }

    [Fact]
    public void Bad_settings_and_unknown_methods_are_one_line_errors()
    {
        Assert.Equal("--method: unknown method 'svm' (known: gt, mv, ds, aggnet, crowdlayer, alfc)",
            Assert.Throws<AlfcInputException>(() => MethodCatalog.Create("svm")).Message);
        Assert.Equal("--alpha: must be in [0, 1], got 1.5", Assert.Throws<AlfcInputException>(() => new TrainingConfig { Alpha = 1.5 }.Validate()).Message);
        Assert.Equal("--epochs: must be from 1 to 100000, got 0", Assert.Throws<AlfcInputException>(() => new TrainingConfig { Epochs = 0 }.Validate()).Message);
    }
}

internal sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => report(value);
}
