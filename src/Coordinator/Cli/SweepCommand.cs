using System.CommandLine;
using ALfc.Cluster.Configuration;
using ALfc.Coordinator.Hosting;
using ALfc.Coordinator.Sweeps;
using ALfc.Coordinator.Reports;
using ALfc.Core;
using ALfc.Core.Evaluation;
using ALfc.Core.Models;
using ALfc.Core.Trials;

namespace ALfc.Coordinator.Cli;

/// <summary>
/// `alfc sweep`: run a grid to completion, resumably. This file only reads the options; <see cref="SweepRunner"/>
/// runs and resumes: the same command again after any interruption runs only the unfinished trials, and a finished
/// grid runs nothing.
/// </summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var grid = new GridOptions();
        var store = new Option<string>("--store") { Description = "results store (SQLite); created if absent", DefaultValueFactory = _ => "alfc-results.db" };
        var slots = new Option<int?>("--slots") { Description = "local trainer slots (default: one per core on CPU, one per listed GPU; 0 = coordinator only)" };
        var threads = new Option<int?>("--threads") { Description = "libtorch intra-op threads per slot (default 1: records then do not depend on the slot count)" };
        var device = new Option<string>("--device") { Description = "device of the local slots: cpu, cuda or cuda:N; a comma-separated list spreads them round-robin", DefaultValueFactory = _ => "cpu" };
        var data = new Option<string?>("--data") { Description = "data root (default: $ALFC_DATA, else ./data)" };
        var listen = new Option<string?>("--listen") { Description = "HOST:PORT to accept remote alfc-nodes on (default: a private one-machine cluster)" };
        var attempts = new Option<int>("--max-attempts") { Description = "attempts per trial before it is marked failed", DefaultValueFactory = _ => 3 };
        var interval = new Option<int>("--log-interval") { Description = "seconds between progress log lines", DefaultValueFactory = _ => 30 };
        var report = new Option<string?>("--report") { Description = "when the sweep is done, write its report (tables, figures, index.html) into this folder" };
        var fuse = new Option<int?>("--fuse") { Description = "repetitions of one configuration trained as one batched model (default: 10 for models of up to 256 inputs, else 1; 1 = never fuse)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "print what would run (trials per dataset x method, how many the store already holds, the expanded config) and stop; nothing is run or written" };
        var command = new Command("sweep", "run a grid of trials over the cluster, resumably, into a results store" + GridOptions.PresetList());
        grid.AddTo(command);
        foreach (var option in new Option[] { store, slots, threads, device, data, listen, attempts, interval, fuse, report, dryRun }) command.Options.Add(option);
        command.SetAction((result, cancellation) => CliRunner.RunAsync(async () =>
        {
            var spec = grid.Load(result);
            // Every flag is checked here, before the store, its lock or its log is touched and before Akka starts.
            int? requestedSlots = result.GetValue(slots);
            if (requestedSlots is { } n) CpuParallelism.Slots(n, null, minimum: 0);
            if (requestedSlots == 0 && result.GetValue(listen) is null) throw new AlfcInputException("--slots 0 needs --listen, or no trainer would ever join");
            int threadCount = CpuParallelism.Threads(result.GetValue(threads));
            if (result.GetValue(listen) is { } address)
            {
                var (host, port) = ClusterConfig.ParseHostPort(address, "--listen");
                // Port 0 would let the system pick one, which no alfc-node could know to join.
                if (port == 0) throw new AlfcInputException($"--listen: '{address}': give a fixed port for the nodes to join (1 to 65535), not 0");
                NetworkChecks.Bindable(host, port, "--listen");
            }
            if (result.GetValue(attempts) < 1) throw new AlfcInputException($"--max-attempts: must be at least 1, got {result.GetValue(attempts)}");
            int seconds = result.GetValue(interval);
            if (seconds is < 1 or > 86_400) throw new AlfcInputException($"--log-interval: must be from 1 to 86400 seconds, got {seconds}");
            if (result.GetValue(fuse) is { } width && width is < 1 or > 1000) throw new AlfcInputException($"--fuse: must be from 1 to 1000 repetitions, got {width}");
            Core.Data.DatasetOptions.CheckDataRoot(result.GetValue(data));
            BlackBoxInputCache.CheckEnvironment();
            if (result.GetValue(report) is { } reportFolder) ReportFolder.Check(reportFolder, "--report", result.GetValue(store)!);
            // A coordinator with no local slots trains nothing, so it needs no GPU of its own.
            var devices = requestedSlots is not 0 ? ComputeDevice.ParseList(result.GetValue(device)!) : null;
            int slotCount = CpuParallelism.Slots(requestedSlots, devices, minimum: 0);
            if (result.GetValue(dryRun))
            {
                // The store's path as the run checks it (a folder, a missing folder, another program's lock or log), read only.
                Store.StoreFiles.Check(result.GetValue(store)!);
                // After every flag's check, so that a dry run passes only a command that would start; the inputs' presence too,
                // where this process has slots to read them (a coordinator with --slots 0 reads no data).
                // Once per kind and input: the 108 trials of subpac-exp1 read three answer sets, not 108.
                if (slotCount > 0)
                    foreach (var trial in spec.Plan().Trials.DistinctBy(t => TrialKindRegistry.Default.Get(t.Spec.Kind).InputKey(t.Spec)))
                        TrialKindRegistry.Default.Get(trial.Spec.Kind).CheckPresent(trial.Spec, result.GetValue(data));
                Console.WriteLine(PlanPreview.Render(spec, result.GetValue(store)!, grid.Origin(result)));
                Console.WriteLine("dry run: nothing was run or written.");
                return 0;
            }
            CpuParallelism.Apply(threadCount);
            var options = new SweepOptions(result.GetValue(store)!, slotCount, result.GetValue(data), result.GetValue(listen),
                result.GetValue(attempts), TimeSpan.FromSeconds(seconds), Devices: devices, Fuse: result.GetValue(fuse));
            int code = await SweepRunner.Run(spec.Plan(), options, TrialKindRegistry.Default, cancellation);
            if (code is 0 or 1 && result.GetValue(report) is { } folder)
            {
                var figures = ReportCommand.Run(options.StorePath, folder, spec.Name, options.DataRoot);
                Console.WriteLine(ReportCommand.WrittenLine(folder, figures.Count));
            }
            return code;
        }));
        return command;
    }
}
