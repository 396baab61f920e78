using Akka.Actor;
using Akka.TestKit.Xunit2;
using ALfc.Coordinator.Actors;
using ALfc.Core.Evaluation;
using ALfc.Core.Trials;

namespace ALfc.Tests.Actors;

/// <summary>The result collector of one group, driven through Akka.TestKit: it folds records into per-cell statistics.</summary>
public sealed class ResultCollectorActorTests : TestKit
{
    private static TrialResult Record(long seed, double clean, double whitePgd) => new()
    {
        Dataset = "synthetic", Method = "alfc", Alpha = 0.5, Schedule = "paper", Seed = seed, Scaling = "minmax", ConfigHash = "h", Clean = clean,
        White = new() { ["pgd"] = new() { ["0.03"] = whitePgd } },
        Black = new() { ["pgd"] = new() { ["0.03"] = whitePgd + 0.1 } },
        EpochsRun = 1, TrainSeconds = 1, EvalSeconds = 1, Versions = new(),
    };

    [Fact]
    public void Three_records_give_the_mean_spread_and_ci_of_every_cell()
    {
        var group = Record(0, 0, 0).Group;
        var collector = Sys.ActorOf(ResultCollectorActor.Props(group));
        collector.Tell(new ResultCollectorActor.Collect(Record(0, 0.9, 0.5)));
        collector.Tell(new ResultCollectorActor.Collect(Record(1, 0.8, 0.6)));
        collector.Tell(new ResultCollectorActor.Collect(Record(2, 0.7, 0.7)));
        collector.Tell(ResultCollectorActor.GetSnapshot.Instance);
        var snapshot = ExpectMsg<ResultCollectorActor.Snapshot>();

        Assert.Equal(group, snapshot.Group);
        Assert.Equal(("clean", 3), (snapshot.HeadlineName, snapshot.Headline.N));
        Assert.Equal(0.8, snapshot.Headline.Mean, 12);
        // Sample sd of {0.5, 0.6, 0.7} is 0.1; the 95% half-width is t(0.975, 2) * 0.1 / sqrt(3) = 4.3027 * 0.057735.
        var white = snapshot.Cells[new CellKey(Box.White, "pgd", 0.03)];
        Assert.Equal((3, 0.6), (white.N, Math.Round(white.Mean, 12)));
        Assert.Equal(0.1, white.StandardDeviation, 12);
        Assert.Equal(4.3027 * 0.1 / Math.Sqrt(3), white.HalfWidth95, 4);
        Assert.Equal(0.7, snapshot.Cells[new CellKey(Box.Black, "pgd", 0.03)].Mean, 12);
        Assert.Equal(2, snapshot.Cells.Count);
    }
}
