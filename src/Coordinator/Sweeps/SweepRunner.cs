using System.Globalization;
using ALfc.Cluster.Logging;
using ALfc.Cluster.Trainers;
using ALfc.Coordinator.Actors;
using ALfc.Coordinator.Hosting;
using ALfc.Coordinator.Store;
using ALfc.Core.Data;
using ALfc.Core.Statistics;
using ALfc.Core.Trials;
using ALfc.Messages;
using Spectre.Console;

namespace ALfc.Coordinator.Sweeps;

/// <summary>
/// The one place a sweep is run and resumed: check inputs, lock the store, register the plan, requeue what an earlier
/// run left unfinished, run the cluster until every trial is done or failed, handle an interrupt, summarise.
/// <para>
/// <b>Exactly once.</b> Every planned trial ends up stored exactly once, however often the process is killed and
/// the same command run again:
/// <list type="number">
/// <item>One writer. <see cref="StoreLock"/> (flock on STORE.lock, released by the kernel however the process ends) lets
/// one sweep process at a time open the store, and in it only the coordinator singleton writes.</item>
/// <item>Stored at most once. A result, its cells and its trial's 'done' status are written in one transaction, and
/// <see cref="ResultsStore.RecordResult"/> refuses a trial that is already done; a crash leaves a trial either done with
/// its whole result or not done.</item>
/// <item>Run by one slot at a time. <see cref="SchedulerState"/> gives a queued trial to one worker and accepts a result
/// only for the attempt it handed out, so the late result of a reassigned attempt is dropped.</item>
/// <item>Nothing lost. <see cref="ResultsStore.Register"/> puts every trial left 'running' by a dead process (and every
/// failed one) back in the queue, and the coordinator queues every trial of the sweep that is not 'done'; a lost node's
/// trials are requeued without counting as an attempt. So every trial runs until it is done or fails for good.</item>
/// <item>Attempts. An attempt counts when a trial is handed out. It is given back when the trial was interrupted rather
/// than failed: its node was lost, the sweep was stopped (Ctrl-C, SIGTERM) or its process died (kill -9, a reboot),
/// which the next run sees as a trial left 'running'. A coordinator that faults while handling a trial restarts with
/// that attempt counted, and a trial whose attempts are used up is marked failed instead of handed out again, so no
/// cause can retry a trial beyond --max-attempts.</item>
/// <item>Nothing run twice. 'Done' trials are never queued again. The only work repeated is a trial whose process died
/// before its transaction committed: its result never existed, so it is computed again, and stored once.</item>
/// </list>
/// </para>
/// </summary>
public static class SweepRunner
{
    /// <summary>The start line's count of stored trials the grid no longer holds.</summary>
    private static string LeftGrid(int trials) => $"{trials} no longer in the grid, kept in the store";

    /// <summary>Exit code of an interrupted sweep (as for SIGINT): the work done so far is saved.</summary>
    public const int Interrupted = 130;

    /// <summary>
    /// Runs <paramref name="plan"/> to completion into the store of <paramref name="options"/>. Returns 0 when every
    /// trial is done, 1 when some failed for good, <see cref="Interrupted"/> when cancelled. Bad input (a missing
    /// dataset, a store in use or not ALfc's) is an <see cref="Core.AlfcInputException"/> before anything is written.
    /// </summary>
    public static async Task<int> Run(SweepPlan plan, SweepOptions options, TrialKindRegistry kinds, CancellationToken cancellation)
    {
        // The store path first (cheap, and the user's most likely typo), then the inputs (cached for the local slots),
        // all before anything is written, not even the lock file. A coordinator without slots reads no data: its nodes
        // have their own data roots.
        ResultsStore.Verify(options.StorePath);
        var datasets = new DatasetCache(options.DataRoot);
        if (options.Slots > 0)
            foreach (var spec in plan.Trials.Select(t => t.Spec))
                kinds.Get(spec.Kind).CheckInputs(spec, datasets);

        using var exclusive = StoreLock.Acquire(options.StorePath);
        using var store = ResultsStore.OpenForWriting(options.StorePath, kinds);
        exclusive.HoldStoreFile(); // a new store exists only now
        var registration = store.Register(plan);
        var before = store.Status(plan.Name);
        if (before.Finished && before.Failed == 0)
        {
            // Nothing runs, but a killed run's record is still resolved: the lock held now says it is not running.
            store.CloseAbandonedRuns();
            Console.WriteLine($"sweep '{plan.Name}': {(before.Total == 1 ? "its one trial is" : $"all {before.Total} trials are")} already done in {options.StorePath}" +
                              (registration.LeftGrid > 0 ? $" ({LeftGrid(registration.LeftGrid)})" : "") + "; nothing to run.");
            return 0;
        }
        // Provenance: this process's build and libraries, and the checksums of the data as its data root holds it: what
        // its local slots read, and what every node's copy must match (a node with another copy declines the trials).
        // Data this process cannot see (no such folder here) is left out; nodes then run on their own copies unchecked.
        // Through the cache, so the coordinator sends nodes these very checksums without hashing the files again.
        var data = plan.Trials.Select(t => t.Spec.Group.Dataset).Distinct().Select(d => (Dataset: d, Sums: datasets.Checksums(d)))
            .Where(d => d.Sums.Count > 0 || options.Slots > 0).ToDictionary(d => d.Dataset, d => d.Sums);
        long run = store.StartRun(plan.Name, options.Slots > 0 || data.Count > 0 ? new DatasetOptions { DataRoot = options.DataRoot }.ResolveDataRoot() : null,
            Newtonsoft.Json.JsonConvert.SerializeObject(data));
        Console.WriteLine($"sweep '{plan.Name}': {Counted.Of(registration.Trials, "trial")} ({registration.Added} new, {registration.AlreadyDone} already done, " +
                          $"{registration.Requeued} resumed" +
                          (registration.StillQueued > 0 ? $", {registration.StillQueued} still queued" : "") +
                          (registration.LeftGrid > 0 ? $", {LeftGrid(registration.LeftGrid)}" : "") +
                          $"); running {before.Total - before.Done} on {options.Slots} local slot(s)" +
                          (options.Listen is { } l ? $" and any alfc-node joining {l}" : "") + $"; store {options.StorePath}");

        // Interactive: a live progress line on the terminal and every log line in the file. Otherwise the log lines
        // go to stderr (and the file), for whoever collects them.
        bool interactive = !Console.IsErrorRedirected;
        var logFile = StoreFiles.LogOf(options.StorePath);
        if (interactive) Console.WriteLine($"log: {logFile}");

        var host = await SweepHost.Start(store, kinds, plan.Name, options, datasets, new LogSettings(ToConsole: !interactive, File: logFile));
        try
        {
            await (interactive ? ProgressLine(host, before.Done, cancellation) : host.Finished.WaitAsync(cancellation));
        }
        catch (OperationCanceledException)
        {
            await host.DisposeAsync();
            // The stopped trainers have cancelled their trials; the process must not end (nor the store close) while a
            // trial thread is still inside libtorch.
            await TrialThreads.Drain(Interrupted, line => Console.Error.WriteLine($"alfc: {line}"));
            store.RequeueRunning(plan.Name);
            var partial = store.Status(plan.Name);
            store.FinishRun(run, "interrupted");
            Console.Error.WriteLine($"alfc: interrupted: {partial.Done} of {Counted.Of(partial.Total, "trial")} done and saved; run the same command again to finish the rest.");
            return Interrupted;
        }
        var snapshots = await host.Snapshots();
        await host.DisposeAsync();
        await TrialThreads.Drain(Interrupted, line => Console.Error.WriteLine($"alfc: {line}"));
        var final = store.Status(plan.Name);
        store.FinishRun(run, final.Failed > 0 ? "failed" : "finished");
        Console.WriteLine(Summary(plan.Name, final, snapshots.Groups));
        return final.Failed > 0 ? 1 : 0;
    }

    /// <summary>
    /// The live bar of an interactive sweep. It counts only the trials this run has to do (<paramref name="doneBefore"/>
    /// were done before it started), so its rate and remaining time come from trials finished in this run, not from a
    /// resumed sweep's earlier ones; and it ends at the sweep's true final state, not at 100% by fiat.
    /// </summary>
    private static async Task ProgressLine(SweepHost host, int doneBefore, CancellationToken cancellation)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        await console.Progress().AutoClear(false)
            .Columns(Cli.LiveColumns.Create())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"sweep {Markup.Escape(host.SweepId)}", maxValue: 1);
                void Show(SweepStatus status)
                {
                    (task.Value, task.MaxValue) = BarProgress(status, doneBefore);
                    // Short enough that the line fits 80 columns: failures only once there are some.
                    task.Description = Markup.Escape($"{status.SweepId}: {status.Done}/{status.Total} done, {status.Running} running, {status.Queued} queued{(status.Failed > 0 ? $", {status.Failed} failed" : "")}");
                }
                while (!host.Finished.IsCompleted)
                {
                    cancellation.ThrowIfCancellationRequested();
                    Show(await host.Status());
                    await Task.WhenAny(host.Finished, Task.Delay(1000, cancellation));
                }
                Show(await host.Status());
            });
        await host.Finished;
    }

    /// <summary>
    /// The bar's value and maximum: trials this run finished (done or failed for good) out of those it had to run, so
    /// trials done before it started count for neither (they would make the rate, and so the remaining time, too fast).
    /// </summary>
    internal static (double Value, double Max) BarProgress(SweepStatus status, int doneBefore) =>
        (Math.Max(0, status.Done + status.Failed - doneBefore), Math.Max(1, status.Total - doneBefore));

    /// <summary>
    /// The closing tables: for training groups n, clean accuracy and PGD at the largest eps white- and black-box; for
    /// any other kind n and its headline number (for poisoning, the ASR on the victim that matches the substitute).
    /// </summary>
    internal static string Summary(string sweepId, StoreStatus status, IReadOnlyList<ResultCollectorActor.Snapshot> groups)
    {
        var lines = new List<string> { $"sweep '{sweepId}' finished: {status.Done} done, {status.Failed} failed of {status.Total}." };
        var training = groups.Where(g => g.Group.Kind == TrainingTrialKind.KindName).ToList();
        if (training.Count > 0)
        {
            // The paper's attack, PGD, where the grid has it; otherwise the grid's first (in the catalog's order). Only the
            // boxes some group was evaluated in get a column.
            var attacks = training.SelectMany(g => g.Cells.Keys.Select(k => k.Attack)).Distinct().ToList();
            string? attack = attacks.Contains("pgd") ? "pgd"
                : Core.Attacks.AttackCatalog.Names.FirstOrDefault(attacks.Contains) ?? attacks.Order(StringComparer.Ordinal).FirstOrDefault();
            var boxes = Core.Evaluation.Boxes.All.Where(b => training.Any(g => g.Cells.Keys.Any(k => k.Box == b && k.Attack == attack))).ToList();
            lines.Add(attack is null
                ? "mean ± 95% CI over repetitions (n); no attack was evaluated:"
                : $"mean ± 95% CI over repetitions (n); {attack.ToUpperInvariant()} at the largest eps:");
            // At least 40 wide, wider for a longer group name, so a long one does not push its row's columns out of line.
            int width = Math.Max(40, training.Max(g => g.Group.ToString()!.Length));
            lines.Add($"{"group".PadRight(width)} {"n",3} {"clean",16}" + string.Concat(boxes.Select(b => $" {$"{Core.Evaluation.Boxes.Name(b)} {attack}",16}")));
            foreach (var g in training)
            {
                string Cell(Core.Evaluation.Box box)
                {
                    var cells = g.Cells.Where(c => c.Key.Box == box && c.Key.Attack == attack).ToList();
                    return cells.Count == 0 ? "-" : Format(cells.MaxBy(c => c.Key.Eps).Value);
                }
                lines.Add($"{g.Group.ToString()!.PadRight(width)} {g.Headline.N,3} {Format(g.Headline),16}" + string.Concat(boxes.Select(b => $" {Cell(b),16}")));
            }
        }
        foreach (var kind in groups.Where(g => g.Group.Kind != TrainingTrialKind.KindName).GroupBy(g => g.Group.Kind))
        {
            lines.Add($"{kind.Key} trials, mean ± 95% CI over repetitions (n):");
            int width = Math.Max(46, kind.Max(g => g.Group.ToString()!.Length));
            lines.Add($"{"group".PadRight(width)} {"n",3} {"headline",-24} {"value",16}");
            foreach (var g in kind)
                lines.Add($"{g.Group.ToString()!.PadRight(width)} {g.Headline.N,3} {g.HeadlineName,-24} {Format(g.Headline),16}");
            // A row of n = 0 is not a lost result: every trial of it ran and its number is undefined. Said, so that a
            // dash is not read as a failure (a poisoning trial's ASR needs the answer set's truth.csv).
            if (kind.Any(g => g.Headline.N == 0))
                lines.Add($"n = 0: the headline is undefined in every trial of that group{(kind.Key == Core.Poisoning.PoisoningSpec.KindName ? " (an ASR is undefined without truth for the answer set's questions, or when the victim gets none of them right on the clean answers)" : "")}.");
        }
        return string.Join(Environment.NewLine, lines);
    }

    private static string Format(CellStatistics s) =>
        s.N == 0 ? "-" : s.N > 1 ? string.Create(CultureInfo.InvariantCulture, $"{s.Mean:0.000} ± {s.HalfWidth95:0.000}") : string.Create(CultureInfo.InvariantCulture, $"{s.Mean:0.000}");
}
