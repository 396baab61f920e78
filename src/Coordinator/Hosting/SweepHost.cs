using ALfc.Cluster.Configuration;
using ALfc.Cluster.Hosting;
using ALfc.Cluster.Logging;
using ALfc.Cluster.Trainers;
using ALfc.Coordinator.Actors;
using ALfc.Coordinator.Store;
using ALfc.Coordinator.Sweeps;
using ALfc.Core;
using ALfc.Core.Trials;
using ALfc.Messages;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.Singleton;

namespace ALfc.Coordinator.Hosting;

/// <summary>
/// The cluster side of one sweep: an ActorSystem that hosts the coordinator singleton (and local trainer slots) for a
/// sweep already registered in its store, until every trial is done or failed. <see cref="SweepRunner"/> drives it. Without a listen address the
/// system binds 127.0.0.1 on a free port and joins itself: a one-machine cluster. With one, remote alfc-nodes
/// join it through that address.
/// </summary>
public sealed class SweepHost : IAsyncDisposable
{
    private readonly ActorSystem system;
    private readonly TaskCompletionSource<SweepFinished> finished;

    private SweepHost(ActorSystem system, TaskCompletionSource<SweepFinished> finished, string sweepId)
    {
        this.system = system;
        this.finished = finished;
        SweepId = sweepId;
        Coordinator = NodeHost.CoordinatorProxy(system, "sweep-coordinator-proxy");
    }

    public string SweepId { get; }
    public IActorRef Coordinator { get; }
    public Task<SweepFinished> Finished => finished.Task;
    public Address Address => Akka.Cluster.Cluster.Get(system).SelfAddress;

    /// <summary>Starts the cluster for a registered sweep whose store is open.</summary>
    public static async Task<SweepHost> Start(ResultsStore store, TrialKindRegistry kinds, string sweepId, SweepOptions options, DatasetCache datasets, LogSettings log)
    {
        string host = "127.0.0.1";
        int port = 0;
        if (options.Listen is { } listen) (host, port) = ClusterConfig.ParseHostPort(listen, "--listen");
        var roles = options.Slots > 0 ? new[] { ClusterConfig.CoordinatorRole, ClusterConfig.TrainerRole } : [ClusterConfig.CoordinatorRole];
        var seeds = options.Listen is null ? Array.Empty<string>() : [$"{host}:{port}"];
        var system = ClusterConfig.StartSystem(ClusterConfig.Build(host, port, roles, seeds, log, options.ExtraConfig), host, port, "--listen");
        var cluster = Akka.Cluster.Cluster.Get(system);
        if (options.Listen is null) cluster.Join(cluster.SelfAddress);

        var finished = new TaskCompletionSource<SweepFinished>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listener = system.ActorOf(Props.Create(() => new FinishListener(finished)), "sweep-listener");
        system.ActorOf(ClusterSingletonManager.Props(
                CoordinatorActor.Props(store, kinds, sweepId, options.MaxAttempts, listener, options.LogInterval ?? TimeSpan.FromSeconds(30), datasets, options.Fuse),
                PoisonPill.Instance,
                ClusterSingletonManagerSettings.Create(system).WithRole(ClusterConfig.CoordinatorRole)),
            ClusterConfig.CoordinatorName);
        NodeHost.StartTrainers(system, options.Slots, options.Devices ?? [TorchSharp.torch.CPU], datasets, kinds, TimeSpan.FromSeconds(5));
        if (!await NodeHost.WaitUntilUp(system, TimeSpan.FromSeconds(30)))
        {
            await system.Terminate();
            throw new AlfcInputException($"--listen: the coordinator could not form its cluster on {host}:{port}");
        }
        return new SweepHost(system, finished, sweepId);
    }

    public Task<SweepStatus> Status() => Coordinator.Ask<SweepStatus>(GetSweepStatus.Instance, TimeSpan.FromSeconds(10));

    public Task<CoordinatorActor.Snapshots> Snapshots() =>
        Coordinator.Ask<CoordinatorActor.Snapshots>(CoordinatorActor.GetSnapshots.Instance, TimeSpan.FromSeconds(30));

    /// <summary>Leaves the cluster and stops; safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        // While stopping, Akka re-attaches its own stdout logger after ALfc's has gone; its remoting lines would
        // land in the middle of the sweep's results on stdout. Everything worth keeping is already in the log file.
        var stdout = Console.Out;
        Console.SetOut(TextWriter.Null);
        try
        {
            // A node lost shortly before the end is still an unreachable member until the split-brain resolver downs it;
            // leaving cannot converge past it, and the exit would wait out its phase timeout (10 s) and warn. The sweep
            // is over, so it is downed now.
            var cluster = Akka.Cluster.Cluster.Get(system);
            foreach (var member in cluster.State.Unreachable) cluster.Down(member.Address);
            await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance);
            await system.WhenTerminated;
        }
        finally
        {
            Console.SetOut(stdout);
        }
    }

    private sealed class FinishListener : ReceiveActor
    {
        public FinishListener(TaskCompletionSource<SweepFinished> finished) => Receive<SweepFinished>(m => finished.TrySetResult(m));
    }
}
