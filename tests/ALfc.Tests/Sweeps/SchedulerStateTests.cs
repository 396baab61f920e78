using ALfc.Coordinator.Sweeps;
using ALfc.Core.Trials;

namespace ALfc.Tests.Sweeps;

public class SchedulerStateTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static SchedulerState Three(int maxAttempts = 2) => SchedulerState.Start([("a", 0), ("b", 0), ("c", 0)], total: 4, alreadyDone: 1, maxAttempts);

    [Fact]
    public void Workers_pull_trials_in_order_and_idle_when_none_is_left()
    {
        var s = Three();
        (s, var first) = s.Request("w1", "n1", T0);
        (s, var second) = s.Request("w2", "n2", T0);
        (s, var third) = s.Request("w3", "n1", T0);
        (s, var none) = s.Request("w4", "n2", T0);
        Assert.Equal(new[] { "a", "b", "c" }, new[] { first!.TrialId, second!.TrialId, third!.TrialId });
        Assert.Null(none);
        Assert.Contains("w4", s.Idle);
        Assert.Equal(1, first.Attempt);
        // A worker that asks again while it holds a trial gets nothing new.
        (s, var again) = s.Request("w1", "n1", T0);
        Assert.Null(again);
    }

    [Fact]
    public void Completing_each_trial_once_finishes_the_sweep_and_late_results_are_ignored()
    {
        var s = Three();
        foreach (var w in new[] { "w1", "w2", "w3" }) (s, _) = s.Request(w, "n", T0);
        foreach (var t in new[] { "a", "b", "c" })
        {
            (s, var accepted) = s.Complete(t, 1);
            Assert.True(accepted);
        }
        Assert.True(s.Finished);
        Assert.Equal(4, s.Done);
        (s, var duplicate) = s.Complete("a", 1);
        Assert.False(duplicate);
        Assert.Equal(4, s.Done);
    }

    [Fact]
    public void A_failing_trial_is_retried_then_failed_for_good()
    {
        var s = SchedulerState.Start([("a", 0)], 1, 0, maxAttempts: 2);
        (s, var first) = s.Request("w", "n", T0);
        (s, _, var final1) = s.Fail("a", first!.Attempt, "w");
        Assert.False(final1);
        (s, var second) = s.Request("w", "n", T0);
        Assert.Equal(2, second!.Attempt);
        (s, _, var final2) = s.Fail("a", 2, "w");
        Assert.True(final2);
        Assert.Equal(1, s.Failed);
        Assert.True(s.Finished);
    }

    [Fact]
    public void A_coordinator_restarted_after_a_fault_counts_the_attempt_and_fails_a_trial_with_none_left()
    {
        // The coordinator faulted while "a" ran its 2nd of 2 attempts and "b" its 1st: the restart reads both from the
        // store with those attempts counted. "a" is failed for good instead of handed out a 3rd time; "b" runs again.
        var s = SchedulerState.Start([("a", 2), ("b", 1)], total: 2, alreadyDone: 0, maxAttempts: 2);
        Assert.Equal(["a"], s.Exhausted);
        Assert.Equal((1, 1), (s.Failed, s.Queued));
        (s, var next) = s.Request("w", "n", T0);
        Assert.Equal(("b", 2), (next!.TrialId, next.Attempt));
        (s, _, var final) = s.Fail("b", 2, "w");
        Assert.True(final);
        Assert.True(s.Finished);
    }

    [Fact]
    public void A_lost_workers_trials_go_back_to_the_front_without_costing_an_attempt()
    {
        var s = Three(maxAttempts: 1);
        (s, _) = s.Request("w1", "n1", T0);
        (s, _) = s.Request("w2", "n2", T0.AddSeconds(1));
        (s, var requeued) = s.WorkersLost(w => w == "w1");
        Assert.Equal(new[] { "a" }, requeued);
        Assert.Equal(new[] { "a", "c" }, s.Queue);
        (s, var again) = s.Request("w3", "n3", T0);
        Assert.Equal("a", again!.TrialId);
        Assert.Equal(1, again.Attempt); // still within maxAttempts = 1
        // The lost worker's late failure does not queue the trial again while w3 runs it (it would run twice)...
        (var unchanged, var lateFailure, _) = s.Fail("a", 1, "w1");
        Assert.False(lateFailure);
        Assert.Same(s, unchanged);
        // ...while a late result, as good as w3's for the same attempt, is taken: either way the trial completes exactly once.
        (s, var ok) = s.Complete("a", 1);
        Assert.True(ok);
        (s, var twice) = s.Complete("a", 1);
        Assert.False(twice);
    }

    [Fact]
    public void A_unit_takes_the_next_trial_and_queued_trials_of_its_key_up_to_the_width_and_leaves_the_rest_in_order()
    {
        var s = SchedulerState.Start([("a1", 0), ("b1", 0), ("a2", 0), ("c1", 0), ("a3", 0), ("a4", 0)], total: 6, alreadyDone: 0, maxAttempts: 2);
        FusionKey? Key(string id) => id[0] == 'c' ? null : new FusionKey(id[..1], Width: 3);
        (s, var unit) = s.RequestUnit("w1", "n1", T0, Key);
        Assert.Equal(new[] { "a1", "a2", "a3" }, unit.Select(a => a.TrialId));
        Assert.All(unit, a => Assert.Equal(("w1", 1), (a.Worker, a.Attempt)));
        Assert.Equal(new[] { "b1", "c1", "a4" }, s.Queue);
        (s, var b) = s.RequestUnit("w2", "n2", T0, Key);
        Assert.Equal(new[] { "b1" }, b.Select(a => a.TrialId)); // no other b is queued
        (s, var c) = s.RequestUnit("w3", "n3", T0, Key);
        Assert.Equal(new[] { "c1" }, c.Select(a => a.TrialId)); // a trial without a key runs alone
        // A worker holding a unit gets nothing more until every trial of it has reported.
        (s, var complete) = s.Complete("a1", 1);
        Assert.True(complete);
        (s, var none) = s.RequestUnit("w1", "n1", T0, Key);
        Assert.Empty(none);
    }

    [Fact]
    public void A_lost_worker_gives_back_only_its_units_unfinished_trials()
    {
        var s = SchedulerState.Start([("a1", 0), ("a2", 0), ("a3", 0), ("b1", 0)], total: 4, alreadyDone: 0, maxAttempts: 1);
        (s, _) = s.RequestUnit("w1", "n1", T0, id => new FusionKey(id[..1], Width: 3));
        (s, _) = s.Complete("a2", 1);
        (s, var requeued) = s.WorkersLost(w => w == "w1");
        Assert.Equal(new[] { "a1", "a3" }, requeued.Order());
        Assert.Equal(new[] { "a1", "a3", "b1" }, s.Queue.Order());
        Assert.Equal(1, s.Done);
        (s, var again) = s.RequestUnit("w2", "n2", T0, id => new FusionKey(id[..1], Width: 3));
        Assert.Equal(new[] { "a1", "a3" }, again.Select(a => a.TrialId).Order());
        Assert.All(again, a => Assert.Equal(1, a.Attempt)); // the lost attempt was given back
    }

    [Fact]
    public void A_trial_being_retried_runs_alone_and_is_left_out_of_other_units()
    {
        var s = SchedulerState.Start([("a1", 1), ("a2", 0), ("a3", 0), ("a4", 1)], total: 4, alreadyDone: 0, maxAttempts: 3);
        FusionKey Key(string id) => new(id[..1], Width: 10);
        (s, var retried) = s.RequestUnit("w1", "n1", T0, Key);
        Assert.Equal(new[] { "a1" }, retried.Select(a => a.TrialId));
        Assert.Equal(2, retried[0].Attempt);
        (s, var fresh) = s.RequestUnit("w2", "n2", T0, Key);
        Assert.Equal(new[] { "a2", "a3" }, fresh.Select(a => a.TrialId)); // a4 failed before: not fused in
        Assert.Equal(new[] { "a4" }, s.Queue);
    }

    [Fact]
    public void A_declined_trial_goes_back_to_the_front_with_its_attempt_and_its_inputs_go_to_other_nodes_only()
    {
        // Two inputs: x-trials read "x", y-trials read "y". Node n1 lacks x.
        var s = SchedulerState.Start([("x1", 0), ("y1", 0), ("x2", 0), ("y2", 0)], total: 4, alreadyDone: 0, maxAttempts: 1);
        static string Input(string id) => id[..1];
        (s, var unit) = s.RequestUnit("w1", "n1", T0, null, Input);
        Assert.Equal("x1", unit.Single().TrialId);
        (s, var accepted) = s.Decline("x1", 1, "w1", "n1", "x");
        Assert.True(accepted);
        Assert.Equal(new[] { "x1", "y1", "x2", "y2" }, s.Queue);
        Assert.Equal(0, s.Failed); // with one attempt allowed, a failure would have ended it
        // n1 (any of its slots) is passed over x and gets the next y; another node gets x1 again, as its first attempt.
        (s, var forN1) = s.RequestUnit("w2", "n1", T0, null, Input);
        Assert.Equal("y1", forN1.Single().TrialId);
        (s, var forN2) = s.RequestUnit("w3", "n2", T0, null, Input);
        Assert.Equal(("x1", 1), (forN2.Single().TrialId, forN2.Single().Attempt));
        // A decline that does not match the running attempt, or comes from another worker than the one running it (a node
        // lost and back, declining late what was handed to w3 meanwhile under the same attempt), changes nothing.
        (var unchanged, var stale) = s.Decline("x1", 5, "w3", "n2", "x");
        Assert.False(stale);
        Assert.Same(s, unchanged);
        (unchanged, stale) = s.Decline("x1", 1, "w1", "n1", "x");
        Assert.False(stale);
        Assert.Same(s, unchanged);
        // Once n1 has nothing it can run, it is idle, not handed x2.
        (s, _) = s.Complete("y1", 1);
        (s, var next) = s.RequestUnit("w2", "n1", T0, null, Input);
        Assert.Equal("y2", next.Single().TrialId);
        (s, var none) = s.RequestUnit("w1", "n1", T0, null, Input);
        Assert.Empty(none);
        Assert.Contains("w1", s.Idle);
        Assert.Equal(new[] { "x2" }, s.Queue);
    }

    [Fact]
    public void Trials_every_node_declined_are_stranded_until_a_node_that_has_them_is_in_the_sweep()
    {
        var s = SchedulerState.Start([("x1", 0), ("y1", 0)], total: 2, alreadyDone: 0, maxAttempts: 3);
        static string Input(string id) => id[..1];
        Assert.Empty(s.Stranded(["n1"], Input)); // nothing declined yet
        (s, _) = s.RequestUnit("w1", "n1", T0, null, Input);
        (s, _) = s.Decline("x1", 1, "w1", "n1", "x");
        Assert.Equal(new[] { "x1" }, s.Stranded(["n1"], Input));
        Assert.Empty(s.Stranded(["n1", "n2"], Input)); // n2 has not declined x
        Assert.Empty(s.Stranded([], Input)); // no node at all: waiting for nodes, not stranded
        // A node that left is forgotten: started again with its data in place, it is handed x1.
        s = s.ForgetDeclines("n1");
        Assert.Empty(s.Stranded(["n1"], Input));
        (s, var again) = s.RequestUnit("w9", "n1", T0, null, Input);
        Assert.Equal("x1", again.Single().TrialId);
    }

    [Fact]
    public void A_fused_unit_passes_over_trials_its_node_declined()
    {
        var s = SchedulerState.Start([("x1", 0), ("a1", 0), ("x2", 0), ("a2", 0), ("a3", 0)], total: 5, alreadyDone: 0, maxAttempts: 2);
        static string Input(string id) => id[..1];
        (s, _) = s.RequestUnit("w1", "n1", T0, null, Input);
        (s, _) = s.Decline("x1", 1, "w1", "n1", "x");
        (s, var unit) = s.RequestUnit("w1", "n1", T0, id => new FusionKey(id[..1], Width: 2), Input);
        Assert.Equal(new[] { "a1", "a2" }, unit.Select(a => a.TrialId));
        Assert.Equal(new[] { "x1", "x2", "a3" }, s.Queue);
    }
}
