using ALfc.Core.Data;
using ALfc.Core.Data.Loaders;
using ALfc.Core.Models;
using ALfc.Core.Training;

namespace ALfc.Tests.Training;

/// <summary>
/// Fused repetitions: training several seeds as one batched model (<see cref="MlpStack"/>) gives every seed the model it
/// gets alone, to the bit: the same weights, the same learned worker matrices, the same epochs. Checked for every method
/// (and A-LFC's two schedules), on a small crowd and on music's shape (124 inputs, 128 hidden, 10 classes), which is what
/// a sweep fuses.
/// </summary>
public class FusedTrainingTests
{
    private static readonly long[] Seeds = [3, 11, 7];

    public static TheoryData<string, AlfcSchedule> Methods()
    {
        var data = new TheoryData<string, AlfcSchedule>();
        foreach (var name in MethodCatalog.Names) data.Add(name, AlfcSchedule.Paper);
        data.Add("alfc", AlfcSchedule.Reference);
        return data;
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void A_fused_repetition_trains_to_the_bits_of_the_same_seed_alone(string name, AlfcSchedule schedule)
    {
        var config = new TrainingConfig
        {
            Epochs = 2, AggNetIterations = 2, Schedule = schedule,
            ReferenceWarmupIterations = 1, ReferenceRounds = 2, ReferenceIterationsPerRound = 1,
        };
        AssertFusedMatchesAlone(TrainingTestData.Small(), name, config);
    }

    [Theory]
    [InlineData("mv")]
    [InlineData("crowdlayer")]
    [InlineData("alfc")]
    public void The_same_holds_at_musics_shape(string name)
    {
        var data = SyntheticCrowdGenerator.Generate(new SyntheticCrowdSpec
        {
            TrainItems = 150, TestItems = 20, Features = 124, Classes = 10, Workers = 12, MaxAnswersPerItem = 4,
        }).WithScaling(FeatureScaling.MinMax);
        AssertFusedMatchesAlone(data, name, new TrainingConfig { Epochs = 2 });
    }

    [Fact]
    public void A_stack_of_one_seed_is_initialised_as_that_seeds_classifier()
    {
        using var alone = new Mlp(5, 3, MlpSpec.Classifier, seed: 42);
        using var stack = new MlpStack(5, 3, MlpSpec.Classifier, [9, 42], TorchSharp.torch.CPU);
        using var replica = stack.Replica(1);
        Assert.Equal(Floats(alone), Floats(replica));
        using var other = stack.Replica(0);
        Assert.NotEqual(Floats(alone), Floats(other));
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(3)] // several chunks per replica, the last one short
    public void A_stacks_probabilities_are_each_replicas_own_in_the_same_chunks(int chunk)
    {
        // The same chunks as the replica alone, not the same floats whatever the chunk: a product's rounding can depend
        // on how many rows it has, for the stack as for Mlp.
        using var stack = new MlpStack(6, 4, MlpSpec.Classifier, [5, 8, 13], TorchSharp.torch.CPU);
        using var generator = new TorchSharp.torch.Generator(3);
        using var x = TorchSharp.torch.rand(3 * 10, 6, generator: generator); // 10 rows per replica
        using var all = stack.Probabilities(x, chunk);
        for (int r = 0; r < 3; r++)
        {
            using var alone = stack.Replica(r);
            using var rows = x.narrow(0, r * 10, 10);
            using var expected = alone.Probabilities(rows, chunk);
            using var actual = all.narrow(0, r * 10, 10);
            Assert.Equal(TensorData.Floats(expected), TensorData.Floats(actual));
        }
    }

    private static void AssertFusedMatchesAlone(CrowdDataset data, string name, TrainingConfig config)
    {
        var method = MethodCatalog.Create(name);
        var fused = method.TrainFused(data, config, Seeds, TorchSharp.torch.CPU, null, CancellationToken.None);
        try
        {
            Assert.Equal(Seeds.Length, fused.Count);
            for (int r = 0; r < Seeds.Length; r++)
            {
                using var alone = method.Train(data, config, Seeds[r], TorchSharp.torch.CPU, null, CancellationToken.None);
                Assert.Equal(alone.EpochsRun, fused[r].EpochsRun);
                var expected = Floats(alone.Model);
                var actual = Floats(fused[r].Model);
                int differing = expected.Zip(actual).Count(p => BitConverter.SingleToInt32Bits(p.First) != BitConverter.SingleToInt32Bits(p.Second));
                Assert.True(differing == 0, $"{name} seed {Seeds[r]}: {differing} of {expected.Length} weights differ from the seed trained alone");
                Assert.Equal(alone.WorkerConfusions is null, fused[r].WorkerConfusions is null);
                for (int j = 0; j < (alone.WorkerConfusions?.Length ?? 0); j++)
                    Assert.Equal(alone.WorkerConfusions![j], fused[r].WorkerConfusions![j]);
            }
            // The seeds really differ, so the comparison above is not between identical models.
            Assert.NotEqual(Floats(fused[0].Model), Floats(fused[1].Model));
        }
        finally
        {
            foreach (var t in fused) t.Dispose();
        }
    }

    private static float[] Floats(Mlp model)
    {
        var (w1, b1, w2, b2) = model.Weights;
        return new[] { w1, b1, w2, b2 }.SelectMany(TensorData.Floats).ToArray();
    }
}
