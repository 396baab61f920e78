using ALfc.Core;
using ALfc.Core.Aggregation;
using ALfc.Core.Data;
using ALfc.Core.Data.Loaders;

namespace ALfc.Tests.Data;

public class SyntheticCrowdGeneratorTests
{
    [Fact]
    public void The_same_seed_gives_the_same_dataset_and_another_seed_does_not()
    {
        var a = SyntheticCrowdGenerator.Generate(new SyntheticCrowdSpec());
        var b = SyntheticCrowdGenerator.Generate(new SyntheticCrowdSpec());
        var c = SyntheticCrowdGenerator.Generate(new SyntheticCrowdSpec { Seed = 1 });
        Assert.Equal(a.TrainFeatures.Values, b.TrainFeatures.Values);
        Assert.Equal(a.Answers.Values, b.Answers.Values);
        Assert.NotEqual(a.Answers.Values, c.Answers.Values);
    }

    [Fact]
    public void Sizes_follow_the_spec_and_every_worker_answers()
    {
        var spec = new SyntheticCrowdSpec { TrainItems = 250, TestItems = 50, Features = 7, Classes = 3, Workers = 12 };
        var data = SyntheticCrowdGenerator.Generate(spec);
        Assert.Equal((250, 50, 7, 3, 12), (data.TrainFeatures.Rows, data.TestFeatures.Rows, data.Features, data.Classes, data.Workers));
        Assert.All(data.Answers.AnswersPerWorker(), count => Assert.True(count > 0));
        Assert.All(data.Answers.AnswersPerItem(), count => Assert.InRange(count, spec.MinAnswersPerItem, spec.MaxAnswersPerItem + 1));
    }

    [Fact]
    public void Participation_is_skewed_as_in_real_crowds()
    {
        var counts = SyntheticCrowdGenerator.Generate(new SyntheticCrowdSpec()).Answers.AnswersPerWorker().Order().ToArray();
        Assert.True(counts[^1] > 4 * counts[counts.Length / 2], $"top {counts[^1]}, median {counts[counts.Length / 2]}");
    }

    [Fact]
    public void The_crowd_mixes_reliable_noisy_and_spamming_workers()
    {
        var (data, confusions) = SyntheticCrowdGenerator.GenerateWithWorkers(new SyntheticCrowdSpec());
        var accuracy = confusions.Select(pi => Enumerable.Range(0, data.Classes).Average(k => pi[k, k])).ToArray();
        Assert.Contains(accuracy, a => a >= 0.75);
        Assert.Contains(accuracy, a => a is >= 0.4 and < 0.66);
        Assert.Contains(accuracy, a => a <= 1.0 / data.Classes + 1e-9 || a == 1.0 / data.Classes);
        // The rows of every true confusion matrix are distributions.
        foreach (var pi in confusions)
            for (int t = 0; t < data.Classes; t++)
                Assert.Equal(1.0, Enumerable.Range(0, data.Classes).Sum(a => pi[t, a]), 9);
        // Modelling workers pays off here: Dawid-Skene beats majority vote.
        Assert.True(new DawidSkene().Aggregate(data.Answers, data.Classes).Accuracy(data.TrainGold)
                    > new MajorityVote().Aggregate(data.Answers, data.Classes).Accuracy(data.TrainGold));
    }

    [Fact]
    public void An_impossible_spec_names_the_field()
    {
        var e = Assert.Throws<AlfcInputException>(() => SyntheticCrowdGenerator.Generate(new SyntheticCrowdSpec { Classes = 1 }));
        Assert.Equal("synthetic dataset: Classes must be at least 2", e.Message);
    }
}
