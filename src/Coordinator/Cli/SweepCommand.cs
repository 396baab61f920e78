using System.CommandLine;
using System.Globalization;
using ALfc.Coordinator.Actors;
using ALfc.Coordinator.Hosting;
using ALfc.Coordinator.Store;
using ALfc.Coordinator.Sweeps;
using ALfc.Core;
using ALfc.Core.Models;
using ALfc.GpuNode.Hosting;
using Spectre.Console;

namespace ALfc.Coordinator.Cli;

/// <summary>
/// `alfc sweep`: run a grid to completion, resumably. Everything goes through the results store: running the same
/// command again after any interruption runs only the unfinished trials, and a finished grid runs nothing.
/// </summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var grid = new Option<string?>("--grid") { Description = "grid file (JSON)" };
        var preset = new Option<string?>("--preset") { Description = $"a shipped grid: {string.Join(", ", GridPresets.Names)}" };
        var store = new Option<string>("--store") { Description = "results store (SQLite); created if absent", DefaultValueFactory = _ => "alfc-results.db" };
        var slots = new Option<int>("--slots") { Description = "local trainer slots (0 = coordinator only)", DefaultValueFactory = _ => 1 };
        var device = new Option<string>("--device") { Description = "device of the local slots: cpu, cuda or cuda:N; a comma-separated list spreads them round-robin", DefaultValueFactory = _ => "cpu" };
        var data = new Option<string?>("--data") { Description = "data root (default: $ALFC_DATA, else ./data)" };
        var listen = new Option<string?>("--listen") { Description = "HOST:PORT to accept remote alfc-nodes on (default: a private one-machine cluster)" };
        var attempts = new Option<int>("--max-attempts") { Description = "attempts per trial before it is marked failed", DefaultValueFactory = _ => 3 };
        var interval = new Option<int>("--log-interval") { Description = "seconds between progress log lines", DefaultValueFactory = _ => 30 };
        var report = new Option<string?>("--report") { Description = "when the sweep is done, write its report (tables, figures, index.html) into this folder" };
        var command = new Command("sweep", "run a grid of trials over the cluster, resumably, into a results store")
        {
            grid, preset, store, slots, device, data, listen, attempts, interval, report,
        };
        command.SetAction((result, cancellation) => CliRunner.RunAsync(async () =>
        {
            var spec = (result.GetValue(grid), result.GetValue(preset)) switch
            {
                ({ } file, null) => GridSpec.Load(file),
                (null, { } name) => GridPresets.Load(name),
                (null, null) => throw new AlfcInputException("give --grid FILE or --preset NAME"),
                _ => throw new AlfcInputException("give either --grid or --preset, not both"),
            };
            if (result.GetValue(slots) < 0) throw new AlfcInputException($"--slots: must be >= 0, got {result.GetValue(slots)}");
            if (result.GetValue(slots) == 0 && result.GetValue(listen) is null) throw new AlfcInputException("--slots 0 needs --listen, or no trainer would ever join");
            if (result.GetValue(attempts) < 1) throw new AlfcInputException($"--max-attempts: must be at least 1, got {result.GetValue(attempts)}");
            // A coordinator with no local slots trains nothing, so it needs no GPU of its own.
            var devices = result.GetValue(slots) > 0 ? ComputeDevice.ParseList(result.GetValue(device)!) : null;
            var options = new SweepOptions(result.GetValue(store)!, result.GetValue(slots), result.GetValue(data), result.GetValue(listen),
                result.GetValue(attempts), TimeSpan.FromSeconds(Math.Max(1, result.GetValue(interval))), Devices: devices);
            int code = await Run(spec, options, cancellation);
            if (code is 0 or 1 && result.GetValue(report) is { } folder)
            {
                var figures = ReportCommand.Run(options.StorePath, folder, spec.Name, options.DataRoot);
                Console.WriteLine($"report written to {Path.Combine(folder, "index.html")} ({figures.Count} figures)");
            }
            return code;
        }));
        return command;
    }

    internal static async Task<int> Run(GridSpec grid, SweepOptions options, CancellationToken cancellation)
    {
        var trials = grid.Expand();
        var datasets = SweepHost.CheckDatasets(trials, options.DataRoot);
        using var exclusive = StoreLock.Acquire(options.StorePath);
        using var store = ResultsStore.Open(options.StorePath);
        var registration = store.Register(grid, trials);
        var before = store.Status(grid.Name);
        if (before.Finished && before.Failed == 0)
        {
            Console.WriteLine($"sweep '{grid.Name}': all {before.Total} trials are already done in {options.StorePath}; nothing to run.");
            return 0;
        }
        Console.WriteLine($"sweep '{grid.Name}': {registration.Trials} trials ({registration.Added} new, {registration.AlreadyDone} already done, " +
                          $"{registration.Requeued} resumed" +
                          (registration.LeftGrid > 0 ? $", {registration.LeftGrid} no longer in the grid, kept in the store" : "") +
                          $"); running {before.Total - before.Done} on {options.Slots} local slot(s)" +
                          (options.Listen is { } l ? $" and any alfc-node joining {l}" : "") + $"; store {options.StorePath}");

        bool interactive = !Console.IsErrorRedirected;
        var logFile = Path.ChangeExtension(Path.GetFullPath(options.StorePath), ".log");
        AlfcLogger.LogFile = logFile;
        AlfcLogger.ToConsole = !interactive;
        if (interactive) Console.WriteLine($"log: {logFile}");

        await using var host = await SweepHost.Start(store, grid.Name, options, datasets);
        var finished = interactive ? ProgressBar(host, cancellation) : host.Finished.WaitAsync(cancellation);
        try
        {
            await finished;
        }
        catch (OperationCanceledException)
        {
            await host.DisposeAsync();
            store.RequeueRunning(grid.Name);
            var partial = store.Status(grid.Name);
            Console.Error.WriteLine($"alfc: interrupted: {partial.Done} of {partial.Total} trials done and saved; run the same command again to finish the rest.");
            return 130;
        }
        var snapshots = await host.Snapshots();
        await host.DisposeAsync();
        AlfcLogger.ToConsole = true;
        var final = store.Status(grid.Name);
        Console.WriteLine(Summary(grid.Name, final, snapshots.Groups));
        return final.Failed > 0 ? 1 : 0;
    }

    private static async Task ProgressBar(SweepHost host, CancellationToken cancellation)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        await console.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"sweep {Markup.Escape(host.SweepId)}", maxValue: 1);
                while (!host.Finished.IsCompleted)
                {
                    cancellation.ThrowIfCancellationRequested();
                    var status = await host.Status();
                    task.MaxValue = Math.Max(1, status.Total);
                    task.Value = status.Done + status.Failed;
                    task.Description = Markup.Escape($"sweep {status.SweepId}: {status.Done} done, {status.Running} running, {status.Queued} queued, {status.Failed} failed");
                    await Task.WhenAny(host.Finished, Task.Delay(1000, cancellation));
                }
                task.Value = task.MaxValue;
            });
        await host.Finished;
    }

    private static string Summary(string sweepId, StoreStatus status, IReadOnlyList<AggregatorActor.Snapshot> groups)
    {
        var lines = new List<string>
        {
            $"sweep '{sweepId}' finished: {status.Done} done, {status.Failed} failed of {status.Total}.",
            "mean ± 95% CI over repetitions (n); PGD at the largest eps:",
            $"{"group",-40} {"n",3} {"clean",16} {"white pgd",16} {"black pgd",16}",
        };
        foreach (var g in groups)
        {
            string Cell(string box)
            {
                var cells = g.Cells.Where(c => c.Key.Box == box && c.Key.Attack == "pgd").ToList();
                return cells.Count == 0 ? "-" : Format(cells.MaxBy(c => c.Key.Eps).Value);
            }
            lines.Add($"{g.Group,-40} {g.Clean.N,3} {Format(g.Clean),16} {Cell("white"),16} {Cell("black"),16}");
        }
        return string.Join(Environment.NewLine, lines);
    }

    private static string Format(CellStatistics s) =>
        s.N > 1 ? string.Create(CultureInfo.InvariantCulture, $"{s.Mean:0.000} ± {s.HalfWidth95:0.000}") : string.Create(CultureInfo.InvariantCulture, $"{s.Mean:0.000}");
}
