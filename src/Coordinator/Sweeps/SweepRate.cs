namespace ALfc.Coordinator.Sweeps;

/// <summary>
/// Trials finished per minute, as the coordinator's progress line and <c>alfc status</c> both give it: the trials
/// finished in the last <c>window</c> before <c>end</c>, over the time they had, which is the window or, early in a
/// run, the time since the run started. Not the spacing of the finishes themselves: a fused unit's repetitions finish
/// within milliseconds of each other, which would read as thousands a minute; and not across an earlier, interrupted
/// run, whose pause would read as a slow rate.
/// </summary>
public static class SweepRate
{
    /// <summary>The window the rate is taken over.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Trials per minute among <paramref name="finished"/> (finish times), up to <paramref name="end"/> (now, for a sweep
    /// that runs; its last finish otherwise), in a run that started at <paramref name="runStarted"/> (null: unknown, the
    /// window alone counts). NaN when no time has passed.
    /// </summary>
    public static double PerMinute(IEnumerable<DateTime> finished, DateTime end, DateTime? runStarted)
    {
        var from = end - Window;
        if (runStarted is { } start && start > from) from = start;
        double minutes = (end - from).TotalMinutes;
        if (minutes <= 0) return double.NaN;
        return finished.Count(f => f > from && f <= end) / minutes;
    }

    /// <summary>
    /// The time left at <paramref name="ratePerMinute"/> for <paramref name="remaining"/> trials of a sweep that runs, as the
    /// progress line and <c>alfc status</c> both give it; <paramref name="noneRunning"/> while trials remain and none runs
    /// (no node, or none can take the queue), since a rate from earlier finishes would promise an end that is not coming.
    /// </summary>
    public static string Eta(int remaining, int running, double ratePerMinute, string noneRunning) =>
        remaining > 0 && running == 0 ? noneRunning
        : EtaSeconds(remaining, running, ratePerMinute) is { } seconds ? Actors.CoordinatorActor.FormatDuration(TimeSpan.FromSeconds(seconds)) : "unknown";

    /// <summary>The same time left in seconds, for scripts (<c>alfc status --json</c>); null where <see cref="Eta"/> gives none.</summary>
    public static double? EtaSeconds(int remaining, int running, double ratePerMinute) =>
        remaining == 0 ? 0 : running == 0 || !(ratePerMinute > 0) ? null : remaining / ratePerMinute * 60;
}
