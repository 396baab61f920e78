using ALfc.Coordinator.Cli;
using ALfc.Coordinator.Store;
using ALfc.Coordinator.Sweeps;

namespace ALfc.Tests.Sweeps;

public class SweepRateTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_fused_units_repetitions_finishing_together_count_over_the_time_the_run_has_had()
    {
        // Ten repetitions finished within 50 ms, five minutes into the run: 10 trials in 5 minutes, not 9 in 50 ms (10,800/min).
        var finished = Enumerable.Range(0, 10).Select(i => T0.AddMinutes(5).AddMilliseconds(5 * i)).ToList();
        Assert.Equal(2.0, SweepRate.PerMinute(finished, T0.AddMinutes(5).AddSeconds(0.05), T0), 3);
    }

    [Fact]
    public void Only_the_last_ten_minutes_count_and_never_time_before_the_run_started()
    {
        // One trial a minute for 30 minutes: the window holds minutes 21 to 30, so 10 in 10 minutes.
        var steady = Enumerable.Range(1, 30).Select(i => T0.AddMinutes(i)).ToList();
        Assert.Equal(1.0, SweepRate.PerMinute(steady, T0.AddMinutes(30), T0), 12);
        // An interrupted run finished 6 trials; the resumed one started at minute 60 and has finished 4 by minute 62.
        var resumed = Enumerable.Range(1, 6).Select(i => T0.AddMinutes(i)).Concat(Enumerable.Range(1, 4).Select(i => T0.AddMinutes(60 + 0.5 * i))).ToList();
        Assert.Equal(2.0, SweepRate.PerMinute(resumed, T0.AddMinutes(62), T0.AddMinutes(60)), 12);
        Assert.True(double.IsNaN(SweepRate.PerMinute([], T0, T0)));
    }

    [Fact]
    public void Status_takes_a_stopped_sweeps_rate_up_to_its_last_finish_within_the_run_that_finished_it()
    {
        static SweepRun Run(DateTime started) => new(started.ToString("O"), null, null, "h", "v", "c", "d", "t", "l", null, "{}");
        // Run 1 (minute 0) finished 2 trials; run 2 (minute 30) finished 3 by minute 33 and was interrupted; now is minute 90.
        var finished = new[] { 1.0, 2, 31, 32, 33 }.Select(m => T0.AddMinutes(m)).ToList();
        var runs = new[] { Run(T0), Run(T0.AddMinutes(30)) };
        Assert.Equal(1.0, StatusCommand.Rate(finished, runs, running: false, T0.AddMinutes(90)), 12);
        // Still running at minute 35: 3 in the 5 minutes since run 2 began.
        Assert.Equal(0.6, StatusCommand.Rate(finished, runs, running: true, T0.AddMinutes(35)), 12);
        Assert.True(double.IsNaN(StatusCommand.Rate([], runs, running: true, T0)));
    }

    [Fact]
    public void The_time_left_is_remaining_over_the_rate_and_none_while_nothing_runs()
    {
        // 30 trials left at 2 a minute: 15 minutes, as text for people and as seconds for scripts (status --json).
        Assert.Equal(900, SweepRate.EtaSeconds(30, running: 2, 2.0));
        Assert.Equal("15m00s", SweepRate.Eta(30, running: 2, 2.0, "-"));
        Assert.Equal(0, SweepRate.EtaSeconds(0, running: 0, double.NaN));
        Assert.Null(SweepRate.EtaSeconds(30, running: 0, 2.0));
        Assert.Equal("- (no trial running)", SweepRate.Eta(30, running: 0, 2.0, "- (no trial running)"));
        Assert.Null(SweepRate.EtaSeconds(30, running: 1, double.NaN));
        Assert.Equal("unknown", SweepRate.Eta(30, running: 1, double.NaN, "-"));
    }
}
