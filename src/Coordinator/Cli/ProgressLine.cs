using Spectre.Console;

namespace ALfc.Coordinator.Cli;

/// <summary>
/// A live progress line on stderr for interactive runs (a bar, what is being done, elapsed and remaining time); when
/// stderr is not a terminal nothing is drawn, so logs and --json output stay clean. <typeparamref name="TProgress"/> is
/// whatever the work reports (training epochs, poisoning rounds); <c>describe</c> turns it into done, total and a phase.
/// </summary>
internal static class ProgressLine<TProgress>
{
    public static T Run<T>(string description, Func<TProgress, (double Done, double Total, string Phase)> describe, Func<IProgress<TProgress>?, T> work)
    {
        if (Console.IsErrorRedirected) return work(null);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress()
            .AutoClear(true)
            .Columns(LiveColumns.Create())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(description), maxValue: 1);
                result = work(new Reporter(p =>
                {
                    var (done, total, phase) = describe(p);
                    task.MaxValue = Math.Max(total, 1e-9);
                    task.Value = done;
                    task.Description = Markup.Escape($"{description}: {phase}");
                }));
                task.Value = task.MaxValue;
            });
        return result;
    }

    /// <summary>Reports synchronously on the working thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class Reporter(Action<TProgress> report) : IProgress<TProgress>
    {
        public void Report(TProgress value) => report(value);
    }
}
