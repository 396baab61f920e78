using ALfc.Core.Aggregation;
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
}
