using ALfc.Cluster.Configuration;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace ALfc.Cluster.Hosting;

/// <summary>
/// Stops a worker node's ActorSystem when the coordinator's member leaves or is removed, so the node's outer
/// loop can start afresh and join the restarted coordinator (a new coordinator forms a new cluster).
/// </summary>
public sealed class CoordinatorWatcher : ReceiveActor
{
    public CoordinatorWatcher()
    {
        var log = Context.GetLogger();
        Receive<ClusterEvent.MemberRemoved>(m =>
        {
            if (!m.Member.HasRole(ClusterConfig.CoordinatorRole)) return;
            log.Warning("node={0} coordinator {1} left the cluster; restarting to rejoin", Akka.Cluster.Cluster.Get(Context.System).SelfAddress.HostPort(), m.Member.Address);
            CoordinatedShutdown.Get(Context.System).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
        });
        Receive<ClusterEvent.IMemberEvent>(_ => { });
    }

    protected override void PreStart() => Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, typeof(ClusterEvent.MemberRemoved));

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    public static Props Props() => Akka.Actor.Props.Create<CoordinatorWatcher>();
}
