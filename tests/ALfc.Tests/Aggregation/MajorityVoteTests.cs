using ALfc.Core.Aggregation;

namespace ALfc.Tests.Aggregation;

public class MajorityVoteTests
{
    [Fact]
    public void Majority_wins_and_ties_go_to_the_lowest_class()
    {
        var answers = ToyCrowd.From(new[,]
        {
            { 2, 2, 1 },   // clear majority: 2
            { 1, 0, -1 },  // tie 0/1: lowest is 0
            { 2, 1, -1 },  // tie 1/2: lowest is 1
            { -1, -1, 2 }, // single answer
        });
        var result = new MajorityVote().Aggregate(answers, 3);
        Assert.Equal(new[] { 2, 0, 1, 2 }, result.Labels);
        Assert.Equal(1.0, result.Posteriors[1, 0]);
        Assert.Equal(0.0, result.Posteriors[1, 1]);
    }

    [Fact]
    public void Seeded_random_tie_break_is_reproducible_and_picks_among_tied_classes_only()
    {
        var rows = new int[200, 2];
        for (int i = 0; i < 200; i++) { rows[i, 0] = 1; rows[i, 1] = 2; }
        var answers = ToyCrowd.From(rows);
        var first = new MajorityVote(TieBreak.SeededRandom, seed: 5).Aggregate(answers, 3).Labels;
        var second = new MajorityVote(TieBreak.SeededRandom, seed: 5).Aggregate(answers, 3).Labels;
        Assert.Equal(first, second);
        Assert.All(first, label => Assert.Contains(label, new[] { 1, 2 }));
        Assert.Contains(1, first);
        Assert.Contains(2, first);
    }
}
