using ALfc.Cluster.Configuration;
using ALfc.Cluster.Trainers;
using ALfc.Core.Models;
using ALfc.Core.Trials;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.Singleton;
using Akka.Event;
using static TorchSharp.torch;

namespace ALfc.Cluster.Hosting;

/// <summary>Starts trainer slots on an ActorSystem that is (or will be) a cluster member.</summary>
public static class NodeHost
{
    /// <summary>The proxy through which trainers reach the coordinator singleton wherever it runs.</summary>
    public static IActorRef CoordinatorProxy(ActorSystem system, string name) =>
        system.ActorOf(ClusterSingletonProxy.Props($"/user/{ClusterConfig.CoordinatorName}",
            ClusterSingletonProxySettings.Create(system).WithRole(ClusterConfig.CoordinatorRole)), name);

    /// <summary>
    /// Creates <paramref name="slots"/> trainers once this member is Up, slot s on device s mod |devices|. The thread
    /// count is not touched here: the executable applied <see cref="CpuParallelism"/> before anything else, so a
    /// trial runs with the same libtorch threads whatever the slot count, and so gives the same record.
    /// </summary>
    public static void StartTrainers(ActorSystem system, int slots, IReadOnlyList<Device> devices, DatasetCache datasets, TrialKindRegistry kinds, TimeSpan askInterval)
    {
        if (devices.Count == 0) throw new ArgumentException("at least one device is needed", nameof(devices));
        if (slots <= 0) return;
        var cluster = Akka.Cluster.Cluster.Get(system);
        cluster.RegisterOnMemberUp(() =>
        {
            var proxy = CoordinatorProxy(system, "trainers-coordinator-proxy");
            var node = cluster.SelfAddress.HostPort();
            var placement = Enumerable.Range(0, slots).Select(i => ComputeDevice.ForSlot(devices, i)).ToList();
            for (int i = 0; i < slots; i++) system.ActorOf(TrainerActor.Props(proxy, kinds, datasets, node, placement[i], askInterval), $"trainer-{i}");
            system.Log.Info("node={0} up with {1} trainer slot(s) on {2}, {3} libtorch thread(s) each", node, slots,
                string.Join(", ", placement.Select(ComputeDevice.Name)), TorchSharp.torch.get_num_threads());
        });
    }

    /// <summary>
    /// Waits until a seed has taken this member into the cluster (Joining, WeaklyUp or Up), or gives up after
    /// <paramref name="timeout"/>. Not until Up: while another member is unreachable (a node killed a moment before)
    /// the leader cannot move a joining member Up until that member is downed, which may take longer than the timeout,
    /// and the seed has answered all the same.
    /// </summary>
    public static async Task<bool> WaitUntilJoined(ActorSystem system, TimeSpan timeout)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (cluster.State.Members.Any(m => m.UniqueAddress.Equals(cluster.SelfUniqueAddress))) return true;
            await Task.Delay(200);
        }
        return false;
    }

    /// <summary>Waits until this member is Up, or gives up after <paramref name="timeout"/>.</summary>
    public static async Task<bool> WaitUntilUp(ActorSystem system, TimeSpan timeout)
    {
        var up = new TaskCompletionSource();
        Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
        return await Task.WhenAny(up.Task, Task.Delay(timeout)) == up.Task;
    }
}
