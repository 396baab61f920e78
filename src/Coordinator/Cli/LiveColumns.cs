using Spectre.Console;

namespace ALfc.Coordinator.Cli;

/// <summary>
/// The columns of every live progress line: what is being done, a bar, the percentage, elapsed and remaining time.
/// The bar is 20 wide, not Spectre's 40, so that a sweep's line fits an 80-column terminal instead of wrapping its
/// percentage onto a second line.
/// </summary>
internal static class LiveColumns
{
    public static ProgressColumn[] Create() =>
        [new TaskDescriptionColumn(), new ProgressBarColumn { Width = 20 }, new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn()];
}
