using System.CommandLine;
using ALfc.Cluster.Configuration;
using ALfc.Cluster.Hosting;
using ALfc.Cluster.Trainers;
using ALfc.Core;
using ALfc.Core.Models;
using ALfc.Core.Trials;
using Akka.Actor;

// alfc-node: a worker machine. Joins the sweep's cluster through a seed (the coordinator's --listen address),
// hosts one trainer actor per slot, and rejoins if the coordinator restarts.
var seeds = new Option<string>("--seeds") { Description = "comma-separated seed addresses HOST:PORT (the coordinator's --listen)", Required = true };
var slots = new Option<int?>("--slots") { Description = "trainer slots (concurrent trials) on this node (default: one per core on CPU, one per listed GPU)" };
var threads = new Option<int?>("--threads") { Description = "libtorch intra-op threads per slot (default 1: records then do not depend on the slot count)" };
var device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N; a comma-separated list (cuda:0,cuda:1) spreads the slots over the GPUs round-robin", DefaultValueFactory = _ => "cpu" };
var data = new Option<string?>("--data") { Description = "data root on this machine (default: $ALFC_DATA, else ./data)" };
var host = new Option<string>("--host") { Description = "address to bind and advertise", DefaultValueFactory = _ => "127.0.0.1" };
var port = new Option<int>("--port") { Description = "port to bind (0 = any free port)", DefaultValueFactory = _ => 0 };
var joinTimeout = new Option<int>("--join-timeout") { Description = "seconds to wait for the first join before giving up", DefaultValueFactory = _ => 30 };
var rejoinTimeout = new Option<int>("--rejoin-timeout")
{
    Description = "seconds to wait for the coordinator to come back after it left, before giving up (a restarted sweep takes a while to listen again)",
    DefaultValueFactory = _ => 600,
};
var root = new RootCommand("alfc-node: an ALfc worker node hosting trainer slots") { seeds, slots, threads, device, data, host, port, joinTimeout, rejoinTimeout };
root.SetAction(async (result, cancellation) =>
{
    try
    {
        // Every flag is checked before the ActorSystem starts: a bad one is one line, with no Akka log before it.
        var seedList = result.GetValue(seeds)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (seedList.Length == 0) throw new AlfcInputException("--seeds: the list is empty");
        foreach (var seed in seedList)
        {
            ClusterConfig.SeedAddress(seed);
            if (seed.StartsWith("akka.tcp://", StringComparison.Ordinal)) continue;
            var (seedHost, seedPort) = ClusterConfig.ParseHostPort(seed, "--seeds");
            NetworkChecks.Resolvable(seedHost, "--seeds");
            NetworkChecks.NotSelf(seedHost, seedPort, result.GetValue(host)!, result.GetValue(port), "--seeds");
        }
        if (result.GetValue(slots) is { } n) CpuParallelism.Slots(n, null);
        int threadCount = CpuParallelism.Threads(result.GetValue(threads));
        int joinSeconds = result.GetValue(joinTimeout);
        if (joinSeconds is < 1 or > 86_400) throw new AlfcInputException($"--join-timeout: must be from 1 to 86400 seconds, got {joinSeconds}");
        int rejoinSeconds = result.GetValue(rejoinTimeout);
        if (rejoinSeconds is < 1 or > 86_400) throw new AlfcInputException($"--rejoin-timeout: must be from 1 to 86400 seconds, got {rejoinSeconds}");
        NetworkChecks.Bindable(result.GetValue(host)!, NetworkChecks.Port(result.GetValue(port), "--port"), "--host", "--port");
        ALfc.Core.Data.DatasetOptions.CheckDataRoot(result.GetValue(data));
        ALfc.Core.Evaluation.BlackBoxInputCache.CheckEnvironment();
        var devices = ComputeDevice.ParseList(result.GetValue(device)!);
        int slotCount = CpuParallelism.Slots(result.GetValue(slots), devices);
        CpuParallelism.Apply(threadCount);
        // A node writes nothing to stdout (its log is on stderr), but Akka's remoting terminator prints "Remoting shut
        // down." there in Akka's own format at every shutdown, stdout-loglevel = OFF notwithstanding.
        Console.SetOut(TextWriter.Null);
        var datasets = new DatasetCache(result.GetValue(data));
        var (joinWait, rejoinWait) = (TimeSpan.FromSeconds(joinSeconds), TimeSpan.FromSeconds(rejoinSeconds));
        bool first = true, interrupted = false;
        while (!cancellation.IsCancellationRequested)
        {
            var config = ClusterConfig.Build(result.GetValue(host)!, result.GetValue(port), [ClusterConfig.TrainerRole], seedList);
            var system = ClusterConfig.StartSystem(config, result.GetValue(host)!, result.GetValue(port), "--host");
            await using var stop = cancellation.Register(() => CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance));
            system.ActorOf(CoordinatorWatcher.Props(), "coordinator-watcher");
            NodeHost.StartTrainers(system, slotCount, devices, datasets, TrialKindRegistry.Default, TimeSpan.FromSeconds(5));
            // After a coordinator restart the seed may take a while to come back: --rejoin-timeout, by default longer than the first join's.
            var wait = first ? joinWait : rejoinWait;
            var joining = NodeHost.WaitUntilJoined(system, wait);
            // Ctrl-C or SIGTERM while joining shuts the system down: stop waiting for the join then, not at its timeout.
            // A system that ended before its join did was shut down under it, which only a signal does.
            await Task.WhenAny(joining, system.WhenTerminated);
            if (cancellation.IsCancellationRequested || !joining.IsCompleted)
            {
                interrupted = true;
                break;
            }
            if (!await joining)
            {
                await system.Terminate();
                if (first)
                {
                    Console.Error.WriteLine($"alfc-node: error: --seeds: could not join {string.Join(", ", seedList)} within {wait.TotalSeconds:0} s (is `alfc sweep --listen` running there? The seed must name the coordinator as its --listen does: a host name and an IP of one machine are two addresses to the cluster, localhost and 127.0.0.1 one)");
                    return 2;
                }
                // Not an error: a sweep that finished leaves the same way as one that was killed, and neither is bad input.
                Console.Error.WriteLine($"alfc-node: the coordinator left and did not come back at {string.Join(", ", seedList)} within {wait.TotalSeconds:0} s (--rejoin-timeout); stopping");
                break;
            }
            first = false;
            await system.WhenTerminated;
            if (!cancellation.IsCancellationRequested) await Task.Delay(TimeSpan.FromSeconds(2));
        }
        // SIGTERM or Ctrl-C: the trainers were stopped with the system and cancelled their trials; the process must
        // not end while a trial thread is still inside libtorch.
        await TrialThreads.Drain(143, line => Console.Error.WriteLine($"alfc-node: {line}"));
        return interrupted || cancellation.IsCancellationRequested ? 143 : 0;
    }
    catch (AlfcInputException e)
    {
        Console.Error.WriteLine($"alfc-node: error: {AlfcInputException.OneLine(e.Message)}");
        return 2;
    }
    catch (Exception e) when (FileSystemErrors.IsFileSystem(e))
    {
        Console.Error.WriteLine($"alfc-node: error: {AlfcInputException.OneLine(FileSystemErrors.ToInput(e).Message)}");
        return 2;
    }
    catch (Exception e) when (e is not OperationCanceledException)
    {
        Console.Error.WriteLine($"alfc-node: internal error: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
        return 1;
    }
});
var parsed = root.Parse(args);
// A usage error (unknown option, missing or malformed value) is one line and exit 2, as for every other bad input.
if (parsed.Errors.Count > 0)
{
    Console.Error.WriteLine($"alfc-node: error: {string.Join("; ", parsed.Errors.Select(e => UsageErrorText.Plain(e.Message)))}");
    return 2;
}
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TrialThreads.ProcessTerminationTimeout });
