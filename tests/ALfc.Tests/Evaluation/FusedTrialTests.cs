using ALfc.Core;
using ALfc.Core.Evaluation;
using ALfc.Core.Training;

namespace ALfc.Tests.Evaluation;

/// <summary>
/// A unit of fused repetitions gives each repetition the whole record it gets alone (clean, white- and black-box cells,
/// learned workers), only its train seconds being the unit's share; and it refuses specs that differ in more than the seed.
/// </summary>
public class FusedTrialTests
{
    private static TrialSpec Spec(string method, long seed) => new("synthetic", method, seed, new TrainingConfig { Epochs = 2, AggNetIterations = 1 },
        new EvaluationConfig { Attacks = ["pgd", "mim"], Epsilons = [0.05], BlackBox = true, SubstituteEpochs = 2, WorkersToCompare = 3 });

    [Theory]
    [InlineData("alfc")]
    [InlineData("aggnet")]
    public void Each_fused_repetitions_record_is_the_record_it_gets_alone(string method)
    {
        var data = Training.TrainingTestData.Small();
        var specs = new[] { Spec(method, 4), Spec(method, 9) };
        var fused = new TrialResult?[2];
        var order = new List<int>();
        TrialRunner.RunFused(specs, data, TorchSharp.torch.CPU, null, (i, r) => { fused[i] = r; order.Add(i); }, CancellationToken.None);
        Assert.Equal(new[] { 0, 1 }, order); // each record is handed on as soon as it exists, in order
        for (int i = 0; i < specs.Length; i++)
        {
            var alone = TrialRunner.Run(specs[i], data, TorchSharp.torch.CPU, null, CancellationToken.None);
            Assert.Equal(WithoutTimes(alone), WithoutTimes(fused[i]!));
        }
        Assert.NotEqual(WithoutTimes(fused[0]!).Replace("\"seed\":4", ""), WithoutTimes(fused[1]!).Replace("\"seed\":9", ""));
    }

    [Fact]
    public void Specs_that_differ_in_more_than_the_seed_do_not_fuse()
    {
        var other = Spec("alfc", 2) with { Training = new TrainingConfig { Epochs = 3 } };
        Assert.Throws<ArgumentException>(() => TrialRunner.RunFused([Spec("alfc", 1), other], Training.TrainingTestData.Small(),
            TorchSharp.torch.CPU, null, (_, _) => { }, CancellationToken.None));
    }

    private static string WithoutTimes(TrialResult r) => AlfcJson.Serialize(r with { TrainSeconds = 0, EvalSeconds = 0 });
}
