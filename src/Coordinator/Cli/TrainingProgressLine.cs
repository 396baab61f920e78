using ALfc.Core.Training;
using Spectre.Console;

namespace ALfc.Coordinator.Cli;

/// <summary>
/// A live progress line on stderr for interactive runs (epochs done, phase, elapsed and remaining time);
/// when stderr is not a terminal nothing is drawn, so logs and --json output stay clean.
/// </summary>
internal static class TrainingProgressLine
{
    public static T Run<T>(string description, Func<IProgress<TrainingProgress>?, T> work)
    {
        if (Console.IsErrorRedirected) return work(null);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(description), maxValue: 1);
                result = work(new Reporter(p =>
                {
                    task.MaxValue = p.TotalEpochs;
                    task.Value = p.Epoch;
                    task.Description = Markup.Escape($"{description}: {p.Phase}");
                }));
                task.Value = task.MaxValue;
            });
        return result;
    }

    /// <summary>Reports synchronously on the training thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class Reporter(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
