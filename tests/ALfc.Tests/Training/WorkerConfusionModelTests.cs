using ALfc.Core.Aggregation;
using ALfc.Core.Data;
using ALfc.Core.Training;

namespace ALfc.Tests.Training;

public class WorkerConfusionModelTests
{
    [Fact]
    public void The_em_start_is_the_majority_vote_and_a_restart_returns_to_it()
    {
        var data = TrainingTestData.Small();
        var majority = new MajorityVote().Aggregate(data.Answers, data.Classes).Posteriors;
        var crowd = WorkerConfusionModel.FromMajorityVote(data, smoothing: 0.01);
        Assert.Equal(majority, crowd.InitialPosteriors);
        Assert.Equal(majority, crowd.Posteriors);
        var start = crowd.Confusions();

        var all = Enumerable.Range(0, crowd.Items).Select(i => (long)i).ToArray();
        crowd.EStep(all, Enumerable.Repeat(1f / data.Classes, crowd.Items * data.Classes).ToArray());
        crowd.RefreshConfusions();
        Assert.NotEqual(majority, crowd.Posteriors);

        crowd.Restart();
        Assert.Equal(majority, crowd.InitialPosteriors);
        Assert.Equal(majority, crowd.Posteriors);
        var restarted = crowd.Confusions();
        for (int j = 0; j < crowd.Workers; j++)
            for (int t = 0; t < data.Classes; t++)
                for (int l = 0; l < data.Classes; l++) Assert.Equal(start[j][t, l], restarted[j][t, l], 9);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    public void After_any_commits_a_refresh_gives_the_likelihood_of_freshly_normalised_confusions(int classes)
    {
        // log π is recomputed only for workers whose counts moved; the likelihood must still be that of every worker's
        // current counts, bit for bit: Σ over the item's answers, in worker order, of log π_j[k, y_ij].
        var data = TrainingTestData.Small(classes);
        var crowd = WorkerConfusionModel.FromMajorityVote(data, smoothing: 0.01);
        var random = new Random(5);
        var all = Enumerable.Range(0, crowd.Items).Select(i => (long)i).ToArray();
        for (int round = 0; round < 6; round++)
        {
            var items = all.Where(_ => random.NextDouble() < 0.3).ToArray();
            var rows = Enumerable.Range(0, items.Length * data.Classes).Select(_ => (float)random.NextDouble()).ToArray();
            crowd.Commit(items, rows);
            crowd.RefreshConfusions();
            var confusions = crowd.Confusions();
            var actual = crowd.LogLikelihood(all);
            for (int i = 0; i < crowd.Items; i++)
            {
                var answers = data.Answers.ItemAnswers(i);
                for (int k = 0; k < data.Classes; k++)
                {
                    double sum = 0;
                    for (int j = 0; j < answers.Length; j++)
                        if (answers[j] != AnswerMatrix.Missing) sum += AggregationMath.SafeLog(confusions[j][k, answers[j]]);
                    Assert.True(BitConverter.SingleToInt32Bits((float)sum) == BitConverter.SingleToInt32Bits(actual[i * data.Classes + k]),
                        $"round {round}, item {i}, class {k}: {actual[i * data.Classes + k]:R} against {(float)sum:R}");
                }
            }
        }
    }

    [Fact]
    public void The_e_step_is_the_softmax_of_likelihood_and_log_probability_and_returns_the_likelihood_it_used()
    {
        var data = TrainingTestData.Small();
        var crowd = WorkerConfusionModel.FromMajorityVote(data, smoothing: 0.01);
        var random = new Random(9);
        var items = Enumerable.Range(0, crowd.Items).Where(i => i % 3 != 1).Select(i => (long)i).ToArray();
        var probabilities = Enumerable.Range(0, items.Length * data.Classes).Select(_ => (float)random.NextDouble()).ToArray();
        probabilities[0] = 0; // SafeLog's floor
        crowd.RefreshConfusions();
        var likelihood = crowd.LogLikelihood(items);
        var inferred = crowd.Infer(items, probabilities);
        for (int r = 0; r < items.Length; r++)
        {
            var scores = new double[1, data.Classes];
            for (int k = 0; k < data.Classes; k++)
                scores[0, k] = likelihood[r * data.Classes + k] + AggregationMath.SafeLog(probabilities[r * data.Classes + k]);
            AggregationMath.SoftmaxRowsInPlace(scores);
            for (int k = 0; k < data.Classes; k++)
                Assert.Equal(BitConverter.SingleToInt32Bits((float)scores[0, k]), BitConverter.SingleToInt32Bits(inferred[r * data.Classes + k]));
        }

        var used = crowd.EStep(items, probabilities);
        Assert.Equal(likelihood, used);
        for (int r = 0; r < items.Length; r++)
            for (int k = 0; k < data.Classes; k++)
                Assert.Equal(inferred[r * data.Classes + k], (float)crowd.Posteriors[(int)items[r], k]);
        // The commit moved the counts, not log π: until the next refresh the likelihood is the one the E-step used.
        Assert.Equal(likelihood, crowd.LogLikelihood(items));
        crowd.RefreshConfusions();
        Assert.NotEqual(likelihood, crowd.LogLikelihood(items));
    }

    [Fact]
    public void Models_built_together_for_fused_repetitions_are_each_the_single_model_and_independent()
    {
        // The replicas share their item-answer lists; nothing else. Each must behave as a model built alone, and EM on
        // one must leave the others where they were.
        var data = TrainingTestData.Small(10);
        var crowds = WorkerConfusionModel.FromMajorityVote(data, 0.01, 3);
        var alone = WorkerConfusionModel.FromMajorityVote(data, smoothing: 0.01);
        Assert.Equal(3, crowds.Length);
        var random = new Random(13);
        var items = Enumerable.Range(0, alone.Items).Where(i => i % 4 != 0).Select(i => (long)i).ToArray();
        var probabilities = Enumerable.Range(0, items.Length * data.Classes).Select(_ => (float)random.NextDouble()).ToArray();
        var expected = alone.EStep(items, probabilities);
        alone.RefreshConfusions();
        Assert.Equal(expected, crowds[1].EStep(items, probabilities));
        crowds[1].RefreshConfusions();
        Assert.Equal(alone.Posteriors, crowds[1].Posteriors);
        Assert.Equal(alone.LogLikelihood(items), crowds[1].LogLikelihood(items));
        foreach (var untouched in new[] { crowds[0], crowds[2] })
        {
            Assert.Equal(untouched.InitialPosteriors, untouched.Posteriors);
            Assert.NotEqual(crowds[1].LogLikelihood(items), untouched.LogLikelihood(items));
        }
        Assert.Equal(WorkerConfusionModel.FromMajorityVote(data, smoothing: 0.01).LogLikelihood(items), crowds[0].LogLikelihood(items));
    }
}
