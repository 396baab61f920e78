using ALfc.Coordinator.Bench;
using ALfc.Coordinator.Sweeps;
using ALfc.Core.Evaluation;
using ALfc.Core.Training;

namespace ALfc.Tests.Bench;

/// <summary>The bench's preset estimate, worked by hand, and its loaded measurement: a trial run on every slot at once.</summary>
public class PresetEstimateTests
{
    [Fact]
    public void The_estimate_prices_every_trial_by_its_dataset_and_method_and_uses_the_loaded_cost_when_measured()
    {
        // 3 repetitions x (mv, alfc at alphas 0.25 and 0.5) = 3 mv + 6 alfc trials.
        var plan = GridSpec.Parse("""{ "datasets": ["synthetic"], "methods": ["mv", "alfc"], "alphas": [0.25, 0.5], "repetitions": 3 }""", "grid.json", "g").Plan();
        Assert.Equal(9, plan.Trials.Count);
        var representatives = PresetEstimate.Representatives(plan);
        Assert.Equal(["mv", "alfc"], representatives.Select(s => s.Method).OrderDescending());

        TrialTiming[] alone = [new("synthetic", "mv", 1.5, 0.5, 10, 1, null), new("synthetic", "alfc", 8, 2, 10, 1, null)];
        // Alone: 3 x 2 s + 6 x 10 s = 66 s; on 2 slots 33 s.
        var estimate = PresetEstimate.From(plan, alone, 2);
        Assert.Equal(66, estimate.TotalSeconds, 9);
        Assert.Null(estimate.LoadedTotalSeconds);
        Assert.Equal(33 / 3600.0, estimate.WallHours, 12);

        // Loaded: mv 2.5 s and alfc 11 s per copy: 3 x 2.5 + 6 x 11 = 73.5 s; the wall time uses it, 36.75 s on 2 slots.
        var loaded = PresetEstimate.From(plan, alone, 2, new Dictionary<(string, string), double> { [("synthetic", "mv")] = 2.5, [("synthetic", "alfc")] = 11 });
        Assert.Equal(73.5, loaded.LoadedTotalSeconds!.Value, 9);
        Assert.Equal(36.75 / 3600.0, loaded.WallHours, 12);
        Assert.Equal(33 / 3600.0, loaded.AloneWallHours, 12);
    }

    [Fact]
    public void A_preset_is_priced_at_the_width_its_sweep_fuses_at_which_is_no_more_than_its_repetitions()
    {
        // 3 repetitions per (method, alpha): a sweep's unit of alfc at alpha 0.25 holds its 3 repetitions, never 10 (the
        // other alpha is another key), so pricing one repetition from a unit of 10 would make it look cheaper than it runs.
        var plan = GridSpec.Parse("""{ "datasets": ["synthetic"], "methods": ["mv", "alfc"], "alphas": [0.25, 0.5], "repetitions": 3 }""", "grid.json", "g").Plan();
        var alfc = PresetEstimate.Representatives(plan).Single(s => s.Method == "alfc");
        Assert.Equal(3, PresetEstimate.UnitWidth(plan, alfc, 10));
        Assert.Equal(2, PresetEstimate.UnitWidth(plan, alfc, 2));
        Assert.Equal(1, PresetEstimate.UnitWidth(plan, alfc, 1));
        // The built-in presets: quick has 5 repetitions, paper 50.
        var quick = GridPresets.Load("quick").Plan();
        Assert.Equal(5, PresetEstimate.UnitWidth(quick, PresetEstimate.Representatives(quick)[0], 10));
        var paper = GridPresets.Load("paper").Plan();
        Assert.Equal(10, PresetEstimate.UnitWidth(paper, PresetEstimate.Representatives(paper)[0], 10));
    }

    [Fact]
    public void A_loaded_measurement_runs_one_copy_per_slot_at_once_and_each_gives_the_record_it_gives_alone()
    {
        var spec = new TrialSpec("synthetic", "mv", 5, new TrainingConfig { Epochs = 3 },
            new EvaluationConfig { Attacks = ["fgsm"], Epsilons = [0.05], BlackBox = false });
        var data = Training.TrainingTestData.Small();
        var copies = TrialTiming.MeasureLoaded(spec, data, TorchSharp.torch.CPU, 3, fused: 1, CancellationToken.None);
        var alone = TrialRunner.Run(spec, data, TorchSharp.torch.CPU, null, CancellationToken.None);
        Assert.Equal(3, copies.Length);
        // Three trials at once on three threads share nothing that changes their numbers.
        Assert.All(copies, c => Assert.Equal(WithoutTimes(alone), WithoutTimes(c)));
        Assert.All(copies, c => Assert.True(c.TrainSeconds + c.EvalSeconds > 0));
    }

    [Fact]
    public void The_warm_up_takes_the_fewest_epochs_of_at_least_100_steps_and_leaves_the_measured_record_as_it_is()
    {
        var data = Training.TrainingTestData.Small();
        int rows = data.TrainFeatures.Rows;
        var spec = new TrialSpec("synthetic", "alfc", 5, new TrainingConfig { Epochs = 2, BatchSize = 16 },
            new EvaluationConfig { Attacks = ["fgsm"], Epsilons = [0.05], BlackBox = false });
        // ceil(rows / 16) steps per epoch; epochs = ceil(100 / steps), at most the spec's own and at least 1.
        int steps = (rows + 15) / 16, wanted = (100 + steps - 1) / steps;
        Assert.Equal(Math.Min(wanted, 2), TrialTiming.WarmUpEpochs(spec, data));
        Assert.Equal(wanted, TrialTiming.WarmUpEpochs(spec with { Training = spec.Training with { Epochs = 1000 } }, data));
        // One step per epoch: 100 epochs; a spec of no epochs still warms up for one.
        Assert.Equal(100, TrialTiming.WarmUpEpochs(spec with { Training = spec.Training with { Epochs = 1000, BatchSize = 100_000 } }, data));
        Assert.Equal(1, TrialTiming.WarmUpEpochs(spec with { Training = spec.Training with { Epochs = 0 } }, data));

        var (cold, _) = TrialTiming.Run(spec, data, TorchSharp.torch.CPU, 2, CancellationToken.None);
        TrialTiming.WarmUp(spec, data, TorchSharp.torch.CPU, 2, CancellationToken.None);
        var (warm, _) = TrialTiming.Run(spec, data, TorchSharp.torch.CPU, 2, CancellationToken.None);
        // The warm-up trains and discards its own unit: nothing it leaves behind (pools, caches, streams) moves the numbers.
        Assert.Equal(WithoutTimes(cold), WithoutTimes(warm));
    }

    private static string WithoutTimes(TrialResult r) => Core.AlfcJson.Serialize(r with { TrainSeconds = 0, EvalSeconds = 0 });
}
