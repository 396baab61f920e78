using ALfc.Core.Aggregation;

namespace ALfc.Tests.Aggregation;

public class WeightedMajorityVoteTests
{
    [Fact]
    public void A_worker_who_disagrees_with_the_consensus_is_outvoted_on_ties()
    {
        // Workers 0 and 1 agree on items 0-3; worker 2 always dissents. On item 4 worker 1 and 2 tie:
        // plain MV gives class 0 (lowest), WMV trusts worker 1 (agreement 1.0) over worker 2 (0.0).
        var answers = ToyCrowd.From(new[,]
        {
            { 1, 1, 0 },
            { 1, 1, 0 },
            { 0, 0, 1 },
            { 0, 0, 1 },
            { -1, 1, 0 },
        });
        var result = new WeightedMajorityVote().Aggregate(answers, 2);
        Assert.Equal(new[] { 1, 1, 0, 0, 1 }, result.Labels);
        // Hand-worked: after the first round worker 2 agrees with none of the MV labels (1,1,0,0,0)
        // except item 4; the iteration then settles with weights 1, 1, 0.
        Assert.Equal(new[] { 1.0, 1.0, 0.0 }, result.Reliabilities);
        Assert.Equal(1.0, result.Posteriors[4, 1], 12);
    }
}
