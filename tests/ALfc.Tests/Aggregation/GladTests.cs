using ALfc.Core.Aggregation;
using ALfc.Core.Data;
using ALfc.Core.Data.Loaders;

namespace ALfc.Tests.Aggregation;

public class GladTests
{
    [Fact]
    public void Ranks_a_reliable_worker_above_a_spammer()
    {
        // Worker 0 always gives the truth (item i has class i % 3), worker 1 always says 0, workers 2-3 are right 2/3 of the time.
        int n = 60;
        var rows = new int[n, 4];
        for (int i = 0; i < n; i++)
        {
            rows[i, 0] = i % 3;
            rows[i, 1] = 0;
            rows[i, 2] = i % 3 == 0 || i % 9 != 1 ? i % 3 : (i + 1) % 3;
            rows[i, 3] = i % 3 == 0 || i % 9 != 2 ? i % 3 : (i + 2) % 3;
        }
        var result = new Glad().Aggregate(ToyCrowd.From(rows), 3);
        var alpha = result.Reliabilities!;
        Assert.True(alpha[0] > alpha[2] && alpha[0] > alpha[3], $"abilities {string.Join(", ", alpha)}");
        Assert.True(alpha[1] < alpha[2] && alpha[1] < alpha[3], $"abilities {string.Join(", ", alpha)}");
        Assert.Equal(Enumerable.Range(0, n).Select(i => i % 3), result.Labels);
    }

    [Fact]
    public void Objective_settles_and_beats_majority_vote_on_the_synthetic_crowd()
    {
        var data = SyntheticCrowdGenerator.Generate(new SyntheticCrowdSpec());
        var glad = new Glad().Aggregate(data.Answers, data.Classes);
        var mv = new MajorityVote().Aggregate(data.Answers, data.Classes);
        Assert.True(glad.Iterations < 100, "did not converge");
        Assert.True(glad.Accuracy(data.TrainGold) > mv.Accuracy(data.TrainGold));
    }
}
