using Akka.Actor;
using Akka.TestKit.Xunit2;
using ALfc.Cluster.Trainers;
using ALfc.Core.Trials;
using ALfc.Messages;
using ALfc.Tests.Trials;

namespace ALfc.Tests.Cluster;

/// <summary>One trainer slot, driven through Akka.TestKit with a probe as its coordinator.</summary>
public sealed class TrainerActorTests : TestKit
{
    private (IActorRef Trainer, Akka.TestKit.TestProbe Coordinator) Slot(string dataRoot)
    {
        var coordinator = CreateTestProbe();
        var kinds = TrialKindRegistry.Default.With(new SquareTrialKind(pauseMilliseconds: 10, requiredInput: "numbers.txt"));
        var trainer = Sys.ActorOf(TrainerActor.Props(coordinator.Ref, kinds, new DatasetCache(dataRoot), "n1", TorchSharp.torch.CPU, TimeSpan.FromMinutes(5)));
        coordinator.ExpectMsg<RequestWork>();
        return (trainer, coordinator);
    }

    private static RunTrials Unit(params int[] values) =>
        new("s", SquareTrialKind.Name_, values.Select(v => new UnitTrial($"t{v}", 1, new SquareSpec(v, v).CanonicalJson())).ToList());

    [Fact]
    public void A_node_without_the_inputs_declines_every_trial_of_the_unit_and_asks_for_other_work()
    {
        var dir = TestPaths.NewScratchDirectory();
        var (trainer, coordinator) = Slot(dir);
        trainer.Tell(Unit(2, 3), coordinator.Ref);
        var first = coordinator.ExpectMsg<TrialDeclined>();
        var second = coordinator.ExpectMsg<TrialDeclined>();
        Assert.Equal(("t2", "t3"), (first.TrialId, second.TrialId));
        Assert.Equal($"numbers.txt not found in {dir}", first.Reason);
        coordinator.ExpectMsg<RequestWork>(); // free again at once, nothing started
    }

    [Fact]
    public void A_node_whose_copy_of_the_data_is_not_the_coordinators_declines_and_one_with_the_same_copy_runs()
    {
        // The coordinator's copy: numbers/a.txt and numbers/truth.txt. This node has a.txt only, and with other content.
        var coordinatorRoot = TestPaths.NewScratchDirectory();
        Directory.CreateDirectory(Path.Combine(coordinatorRoot, "numbers"));
        File.WriteAllText(Path.Combine(coordinatorRoot, "numbers", "a.txt"), "1 2 3");
        File.WriteAllText(Path.Combine(coordinatorRoot, "numbers", "truth.txt"), "4");
        var expected = Core.Data.DataChecksums.Of("numbers", coordinatorRoot);
        var dir = TestPaths.NewScratchDirectory();
        File.WriteAllText(Path.Combine(dir, "numbers.txt"), "1 2 3");
        Directory.CreateDirectory(Path.Combine(dir, "numbers"));
        File.WriteAllText(Path.Combine(dir, "numbers", "a.txt"), "1 2 4");
        var (trainer, coordinator) = Slot(dir);
        trainer.Tell(Unit(2) with { InputFiles = expected }, coordinator.Ref);
        Assert.Equal($"its copy of numbers under {dir} is not the coordinator's: numbers/a.txt differs, numbers/truth.txt missing here",
            coordinator.ExpectMsg<TrialDeclined>().Reason);
        coordinator.ExpectMsg<RequestWork>();

        // The same files as the coordinator's: the unit runs.
        var same = TestPaths.NewScratchDirectory();
        File.WriteAllText(Path.Combine(same, "numbers.txt"), "1 2 3");
        Directory.CreateDirectory(Path.Combine(same, "numbers"));
        foreach (var f in new[] { "a.txt", "truth.txt" }) File.Copy(Path.Combine(coordinatorRoot, "numbers", f), Path.Combine(same, "numbers", f));
        var (sameTrainer, sameCoordinator) = Slot(same);
        sameTrainer.Tell(Unit(3) with { InputFiles = expected }, sameCoordinator.Ref);
        sameCoordinator.ExpectMsg<TrialStarted>();
        Assert.Contains("\"square\":9", sameCoordinator.ExpectMsg<TrialSucceeded>(TimeSpan.FromSeconds(30)).ResultJson.Replace(" ", ""));
    }

    [Fact]
    public void Inputs_that_are_there_but_malformed_are_not_declined_the_trial_runs_and_fails_with_the_error()
    {
        var dir = TestPaths.NewScratchDirectory();
        File.WriteAllText(Path.Combine(dir, "numbers.txt"), "bad");
        var (trainer, coordinator) = Slot(dir);
        trainer.Tell(Unit(2), coordinator.Ref);
        coordinator.ExpectMsg<TrialStarted>();
        var failed = coordinator.ExpectMsg<TrialFailed>(TimeSpan.FromSeconds(30));
        Assert.Contains("numbers.txt:1: not a list of numbers", failed.Error);
        coordinator.ExpectMsg<RequestWork>();

        // Put right, the same slot runs it.
        File.WriteAllText(Path.Combine(dir, "numbers.txt"), "1 2 3");
        trainer.Tell(Unit(4), coordinator.Ref);
        coordinator.ExpectMsg<TrialStarted>();
        Assert.Contains("\"square\":16", coordinator.ExpectMsg<TrialSucceeded>(TimeSpan.FromSeconds(30)).ResultJson.Replace(" ", ""));
    }
}
