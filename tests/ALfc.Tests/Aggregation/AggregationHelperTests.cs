using ALfc.Core.Aggregation;
using ALfc.Core.Data;

namespace ALfc.Tests.Aggregation;

/// <summary>The shared pieces the aggregators are built from: the EM stopping rule, worker agreement, one-coin scores.</summary>
public class AggregationHelperTests
{
    [Fact]
    public void Em_stops_when_the_objective_moves_less_than_the_tolerance_relative_to_its_size()
    {
        var em = new EmConvergence(1e-3);
        Assert.False(em.Record(-100));
        Assert.False(em.Record(-90));
        Assert.False(em.Record(-89.8));
        Assert.True(em.Record(-89.75));
        Assert.Equal(4, em.Iterations);
        Assert.Equal(new[] { -100, -90, -89.8, -89.75 }, em.History);
    }

    [Fact]
    public void Em_never_converges_on_its_first_iteration()
    {
        var em = new EmConvergence(double.PositiveInfinity);
        Assert.False(em.Record(-1));
        Assert.True(em.Record(-1));
    }

    [Fact]
    public void Worker_agreement_is_the_mean_credit_over_a_workers_answers()
    {
        var answers = ToyCrowd.From(new[,] { { 0, 1, AnswerMatrix.Missing }, { 1, 1, AnswerMatrix.Missing }, { 0, 0, AnswerMatrix.Missing } });
        int[] gold = [0, 1, 1];
        var agreement = AggregationMath.WorkerAgreement(answers, (i, label) => label == gold[i] ? 1 : 0, double.NaN);
        Assert.Equal(2.0 / 3, agreement[0], 12);
        Assert.Equal(1.0 / 3, agreement[1], 12);
        Assert.True(double.IsNaN(agreement[2]));
    }

    [Fact]
    public void One_coin_scores_give_the_answered_class_log_p_and_each_other_class_an_equal_share_of_the_rest()
    {
        var answers = ToyCrowd.From(new[,] { { 2, AnswerMatrix.Missing }, { 0, 1 } });
        double[] p = [0.7, 0.4];
        var scores = AggregationMath.OneCoinLogScores(answers, 3, (_, j) => p[j]);
        double[,] expected =
        {
            { Math.Log(0.15), Math.Log(0.15), Math.Log(0.7) },
            { Math.Log(0.7) + Math.Log(0.3), Math.Log(0.15) + Math.Log(0.4), Math.Log(0.15) + Math.Log(0.3) },
        };
        for (int i = 0; i < 2; i++)
            for (int c = 0; c < 3; c++) Assert.Equal(expected[i, c], scores[i, c], 12);
    }
}
