using ALfc.Core;
using ALfc.Core.Evaluation;
using ALfc.Core.Training;

namespace ALfc.Tests.Training;

public class DeterminismTests
{
    private static TrialSpec Spec(string method, long seed) => new("synthetic", method, seed,
        new TrainingConfig { Epochs = 4, AggNetIterations = 2 },
        new EvaluationConfig { Epsilons = [0.01, 0.05], SubstituteEpochs = 3 });

    [Theory]
    [InlineData("alfc")]
    [InlineData("crowdlayer")]
    [InlineData("aggnet")]
    public void The_same_seed_twice_gives_identical_records(string method)
    {
        var data = TrainingTestData.Small();
        var first = TrialRunner.Run(Spec(method, 42), data, TorchSharp.torch.CPU, null, CancellationToken.None);
        var second = TrialRunner.Run(Spec(method, 42), data, TorchSharp.torch.CPU, null, CancellationToken.None);
        Assert.Equal(WithoutTimes(first), WithoutTimes(second));
        var other = TrialRunner.Run(Spec(method, 43), data, TorchSharp.torch.CPU, null, CancellationToken.None);
        Assert.NotEqual(WithoutTimes(first), WithoutTimes(other));
    }

    [Fact]
    public void Black_box_inputs_are_the_same_for_every_method_of_a_repetition()
    {
        // The substitute depends on the repetition seed only, so GT attacked through it and MV attacked
        // through it see identical inputs; a model trained identically must then score identically.
        var data = TrainingTestData.Small();
        var a = TrialRunner.Run(Spec("gt", 9), data, TorchSharp.torch.CPU, null, CancellationToken.None);
        var b = TrialRunner.Run(Spec("gt", 9) with { Evaluation = Spec("gt", 9).Evaluation with { WhiteBox = false } }, data, TorchSharp.torch.CPU, null, CancellationToken.None);
        Assert.Equal(a.Black["pgd"], b.Black["pgd"]);
    }

    [Fact]
    public void The_config_hash_changes_with_any_setting_and_not_with_nothing()
    {
        var spec = Spec("alfc", 1);
        Assert.Equal(spec.Hash(), Spec("alfc", 1).Hash());
        Assert.NotEqual(spec.Hash(), (spec with { Training = spec.Training with { Alpha = 0.25 } }).Hash());
        Assert.NotEqual(spec.Hash(), (spec with { Seed = 2 }).Hash());
        Assert.NotEqual(spec.Hash(), (spec with { Scaling = Core.Data.FeatureScaling.ZScore }).Hash());
    }

    [Fact]
    public void A_trial_spec_survives_the_wire_exactly()
    {
        var spec = new TrialSpec("music", "alfc", 7,
            new TrainingConfig { Epochs = 3, Alpha = 0.3, Schedule = AlfcSchedule.Reference, BatchSize = 32, Model = new Core.Models.MlpSpec(64, 0.25) },
            new EvaluationConfig { Attacks = ["fgsm"], Epsilons = [0.02, 0.05], BlackBox = false, PgdRandomStart = false },
            Core.Data.FeatureScaling.ZScore, 300);
        var back = AlfcJson.Deserialize<TrialSpec>(spec.CanonicalJson());
        Assert.Equal(["fgsm"], back.Evaluation.Attacks);
        Assert.Equal([0.02, 0.05], back.Evaluation.Epsilons!);
        Assert.Equal(spec.CanonicalJson(), back.CanonicalJson());
        Assert.Equal(spec.Hash(), back.Hash());
    }

    private static string WithoutTimes(TrialResult r) => AlfcJson.Serialize(r with { TrainSeconds = 0, EvalSeconds = 0 });
}
