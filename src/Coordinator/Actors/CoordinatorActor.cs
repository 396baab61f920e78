using System.Globalization;
using ALfc.Cluster.Trainers;
using ALfc.Coordinator.Store;
using ALfc.Coordinator.Sweeps;
using ALfc.Core;
using ALfc.Core.Trials;
using ALfc.Messages;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace ALfc.Coordinator.Actors;

/// <summary>
/// Runs one sweep as a cluster singleton (role coordinator). Trainers pull work; results and failures are written
/// to the store (the only writer) and collected per group by <see cref="ResultCollectorActor"/>s; trainers that die (DeathWatch) or whose
/// node becomes unreachable or leaves (cluster events) give their trials back to the queue; a trial that keeps
/// failing is marked failed after <c>MaxAttempts</c> while the sweep goes on. Every line about a trial carries the
/// sweep id, trial id and node; a progress line (done/running/queued/failed, rate, ETA, per node) is logged at a
/// fixed interval. The scheduling rules themselves live in <see cref="SchedulerState"/>; the resume workflow around
/// this actor in <see cref="SweepRunner"/>. Trials of every kind are handled alike: specs and records travel as JSON,
/// read by the kind the trial names (<see cref="TrialKindRegistry"/>).
/// </summary>
public sealed class CoordinatorActor : ReceiveActor, IWithTimers
{
    private sealed record LogProgress
    {
        public static LogProgress Instance { get; } = new();
    }

    /// <summary>Ask for every group's statistics (local to the coordinator's process).</summary>
    public sealed record GetSnapshots
    {
        public static GetSnapshots Instance { get; } = new();
    }

    /// <summary>One snapshot per group of repetitions, ordered by group.</summary>
    public sealed record Snapshots(IReadOnlyList<ResultCollectorActor.Snapshot> Groups);

    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly ResultsStore store;
    private readonly TrialKindRegistry kinds;
    private readonly string sweepId;
    private readonly IReadOnlyDictionary<string, UnfinishedTrial> specs;
    private readonly IActorRef? listener;
    private readonly TimeSpan logInterval;
    private readonly IDatasetSource? data;
    private readonly int? fuse;
    private readonly Dictionary<string, FusionKey?> fusionKeys = new();
    private readonly HashSet<string> fusionWarnings = new();
    private readonly Dictionary<string, IActorRef> workers = new();
    private readonly Dictionary<string, string> workerNodes = new();
    private readonly Dictionary<string, (string Key, string? Dataset)> inputs = new();
    private readonly Dictionary<(string Node, string Input), string> declineReasons = new();
    private readonly HashSet<string> declining = new();
    private readonly HashSet<Address> lostNodes = new();

    /// <summary>Trainers that stopped (refs carry their actor's uid, so a trainer of a node started again is another ref).</summary>
    private readonly HashSet<IActorRef> stopped = new();
    private readonly Dictionary<TrialGroup, IActorRef> collectors = new();
    private readonly List<(DateTime At, string Node)> completions = new();
    private readonly DateTime started = DateTime.UtcNow;
    private SchedulerState state;
    private bool announced;

    public CoordinatorActor(ResultsStore store, TrialKindRegistry kinds, string sweepId, int maxAttempts, IActorRef? listener, TimeSpan logInterval,
        IDatasetSource? data = null, int? fuse = null)
    {
        this.data = data;
        this.fuse = fuse;
        this.store = store;
        this.kinds = kinds;
        this.sweepId = sweepId;
        this.listener = listener;
        this.logInterval = logInterval;
        var unfinished = store.Unfinished(sweepId);
        specs = unfinished.ToDictionary(t => t.Id);
        var status = store.Status(sweepId);
        state = SchedulerState.Start(unfinished.Select(t => (t.Id, t.Attempts)), status.Total, status.Done, maxAttempts);
        foreach (var trialId in state.Exhausted)
        {
            var trial = specs[trialId];
            store.RecordFailure(trialId, null, trial.Attempts, $"no attempts left: attempt {trial.Attempts} of {maxAttempts} ended with the coordinator itself failing", final: true);
            log.Error("sweep={0} trial={1} failed for good: attempt {2} of {3} ended with the coordinator failing while it ran", sweepId, trialId, trial.Attempts, maxAttempts);
        }

        Receive<RequestWork>(OnRequest);
        Receive<TrialStarted>(m => log.Info("sweep={0} trial={1} node={2} attempt={3} started", m.SweepId, m.TrialId, m.Node, m.Attempt));
        Receive<TrialSucceeded>(OnSucceeded);
        Receive<TrialFailed>(OnFailed);
        Receive<TrialDeclined>(OnDeclined);
        Receive<Terminated>(t =>
        {
            stopped.Add(t.ActorRef);
            LoseWorkers(w => w == Key(t.ActorRef), NodeOf(t.ActorRef), $"its {t.ActorRef.Path.Name} stopped");
            var address = t.ActorRef.Path.Address;
            if (address.HasGlobalScope && !workers.Keys.Any(w => OnAddress(w, address))) lostNodes.Add(address);
            if (announced) DownLostNodes();
        });
        Receive<ClusterEvent.UnreachableMember>(m =>
        {
            LoseWorkers(w => OnAddress(w, m.Member.Address), m.Member.Address.HostPort(), "unreachable");
            lostNodes.Add(m.Member.Address);
            if (announced) DownLostNodes();
        });
        Receive<ClusterEvent.MemberRemoved>(m => LoseWorkers(w => OnAddress(w, m.Member.Address), m.Member.Address.HostPort(), "removed from the cluster"));
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<ClusterEvent.CurrentClusterState>(_ => { });
        Receive<GetSweepStatus>(_ => Sender.Tell(Status()));
        Receive<GetSnapshots>(_ =>
            Task.WhenAll(collectors.Values.Select(a => a.Ask<ResultCollectorActor.Snapshot>(ResultCollectorActor.GetSnapshot.Instance, TimeSpan.FromSeconds(10))))
                .PipeTo(Sender, success: all => new Snapshots(all.OrderBy(s => s.Group).ToList())));
        Receive<LogProgress>(_ => LogProgressLine());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// The actor's props. <paramref name="data"/> is where the trials' datasets are loaded, to decide which trials fuse (null:
    /// every trial runs alone); <paramref name="fuse"/> is how many repetitions a unit may fuse, overriding each kind's own rule (1: none).
    /// </summary>
    public static Props Props(ResultsStore store, TrialKindRegistry kinds, string sweepId, int maxAttempts, IActorRef? listener, TimeSpan logInterval,
        IDatasetSource? data = null, int? fuse = null) =>
        Akka.Actor.Props.Create(() => new CoordinatorActor(store, kinds, sweepId, maxAttempts, listener, logInterval, data, fuse));

    protected override void PreStart()
    {
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.UnreachableMember), typeof(ClusterEvent.MemberRemoved));
        foreach (var (kind, json) in store.ResultRecords(sweepId)) Collect(kinds.Get(kind).ReadRecord(json));
        Timers.StartPeriodicTimer("progress", LogProgress.Instance, logInterval);
        log.Info("sweep={0} coordinator up: {1} trials, {2} done, {3} to run", sweepId, state.Total, state.Done, state.Queued);
        AnnounceIfFinished();
    }

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    private void OnRequest(RequestWork request)
    {
        // A request the trainer sent before it stopped, arriving after its Terminated: not a worker any more.
        if (stopped.Contains(Sender)) return;
        var key = Key(Sender);
        if (workers.TryAdd(key, Sender)) Context.Watch(Sender);
        workerNodes[key] = request.Node;
        var (next, unit) = state.RequestUnit(key, request.Node, DateTime.UtcNow, FusionOf, InputOf);
        state = next;
        Dispatch(unit);
    }

    private void Dispatch(IReadOnlyList<Assignment> unit)
    {
        if (unit.Count == 0) return;
        foreach (var a in unit) store.MarkRunning(a.TrialId, a.Node, a.Attempt);
        var kind = specs[unit[0].TrialId].Kind;
        workers[unit[0].Worker].Tell(new RunTrials(sweepId, kind, unit.Select(a => new UnitTrial(a.TrialId, a.Attempt, specs[a.TrialId].ConfigJson)).ToList(),
            InputFilesOf(unit[0].TrialId)));
        // Each line names the unit by its first trial, which itself says it leads (rather than naming itself as its partner).
        string Fused(Assignment a) => unit.Count == 1 ? "" : a == unit[0] ? $" (fused: leads a unit of {unit.Count})" : $" (fused: unit of {unit.Count} led by {unit[0].TrialId})";
        foreach (var a in unit)
            log.Info("sweep={0} trial={1} node={2} attempt={3} assigned{4}", sweepId, a.TrialId, a.Node, a.Attempt, Fused(a));
    }

    /// <summary>
    /// The trial's fusion key, with the sweep's <c>--fuse</c> width in place of the kind's rule; null (run alone) without
    /// data, for kinds that never fuse, or when the kind cannot tell here (the data is not on the coordinator; a node
    /// reports any real error when it runs the trial). Training trials read their dataset's feature count, so a coordinator
    /// with no local slots loads each dataset once, here, the first time.
    /// </summary>
    private FusionKey? FusionOf(string trialId)
    {
        if (data is null) return null;
        if (fusionKeys.TryGetValue(trialId, out var known)) return known;
        FusionKey? key;
        try
        {
            var trial = specs[trialId];
            var k = kinds.Get(trial.Kind);
            key = k.Fusion(k.ReadSpec(trial.ConfigJson), data);
            if (key is not null && fuse is { } width) key = key with { Width = width };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A coordinator started with --slots 0 reads no data up front and may have none: its trials then run alone,
            // which is slower for small models but never wrong. Said once per error, not once per trial.
            key = null;
            string why = e.Message.Split('\n')[0];
            if (fusionWarnings.Add(why))
                log.Warning("sweep={0} trial={1} runs unfused: its fusion key could not be read here ({2})", sweepId, trialId, why);
        }
        fusionKeys[trialId] = key;
        return key;
    }

    /// <summary>
    /// The checksums of the files a trial reads, as this process's data root holds them, for the node to compare with its
    /// own copy; null where this process cannot see them (no such folder here, the synthetic crowd, a spec it cannot read).
    /// </summary>
    private IReadOnlyDictionary<string, string>? InputFilesOf(string trialId) =>
        data is DatasetCache cache && Input(trialId).Dataset is { } dataset && cache.Checksums(dataset) is { Count: > 0 } sums ? sums : null;

    /// <summary>
    /// A trial's input key (<see cref="ITrialKind.InputKey"/>); a spec that cannot be read here is its own key, so a node
    /// that declines it is not kept from anything else.
    /// </summary>
    private string InputOf(string trialId) => Input(trialId).Key;

    /// <summary>A trial's input key and the dataset or answer set it reads (null where its spec cannot be read), read once per trial.</summary>
    private (string Key, string? Dataset) Input(string trialId)
    {
        if (inputs.TryGetValue(trialId, out var known)) return known;
        (string, string?) input;
        try
        {
            var trial = specs[trialId];
            var kind = kinds.Get(trial.Kind);
            var spec = kind.ReadSpec(trial.ConfigJson);
            input = (kind.InputKey(spec), spec.Group.Dataset);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            input = ("trial " + trialId, null);
        }
        return inputs[trialId] = input;
    }

    /// <summary>
    /// A node lacks a trial's inputs: the trial goes back to the front of the queue with its attempt given back, to run on
    /// a node that has them. One WARN line per node and input; an ERROR line when no node now in the sweep can run it.
    /// </summary>
    private void OnDeclined(TrialDeclined m)
    {
        string input = InputOf(m.TrialId);
        bool first = !state.Declined.Contains((m.Node, input));
        var worker = Key(Sender);
        var (next, accepted) = state.Decline(m.TrialId, m.Attempt, worker, m.Node, input);
        if (!accepted) return;
        state = next;
        declineReasons[(m.Node, input)] = m.Reason;
        store.Requeue(m.TrialId, $"declined by {m.Node}: {m.Reason}");
        if (first)
        {
            log.Warning("sweep={0} trial={1} node={2} attempt={3} declined, attempt given back: the node cannot read {4} ({5}); its trials go to other nodes",
                sweepId, m.TrialId, m.Node, m.Attempt, input, m.Reason);
            declining.Add(worker);
        }
        // Said once the whole unit is back (each of its trials is declined on its own, and only the first is news), so the
        // count is the full one.
        if (!state.Running.Values.Any(a => a.Worker == worker) && declining.Remove(worker)) LogStranded();
        DispatchToIdle();
    }

    /// <summary>
    /// One ERROR line per input whose queued trials no node now in the sweep will take (each declined it), saying what
    /// to do. The sweep keeps waiting: a node that has the inputs may still join.
    /// </summary>
    private void LogStranded()
    {
        var nodes = workerNodes.Values.Distinct().ToList();
        foreach (var group in state.Stranded(nodes, InputOf).GroupBy(InputOf))
        {
            string reasons = string.Join("; ", nodes.Order(StringComparer.Ordinal)
                .Select(n => $"{n}: {declineReasons.GetValueOrDefault((n, group.Key), "declined")}"));
            log.Error("sweep={0} waiting: {1} trial(s) of {2} can run on no node in the cluster ({3}); start a node whose --data holds them, or put them in place and restart the node",
                sweepId, group.Count(), group.Key, reasons);
        }
    }

    private void OnSucceeded(TrialSucceeded m)
    {
        var (next, accepted) = state.Complete(m.TrialId, m.Attempt);
        if (!accepted)
        {
            log.Warning("sweep={0} trial={1} node={2} attempt={3} late result ignored (the trial was reassigned)", m.SweepId, m.TrialId, m.Node, m.Attempt);
            return;
        }
        ITrialRecord record;
        try
        {
            record = kinds.Get(specs[m.TrialId].Kind).ReadRecord(m.ResultJson);
            record.Validate();
        }
        catch (Exception e)
        {
            OnFailed(new TrialFailed(m.SweepId, m.TrialId, m.Attempt, m.Node, $"unusable result: {e.Message.Split('\n')[0]}"));
            return;
        }
        bool stored;
        try
        {
            stored = store.RecordResult(m.TrialId, m.Node, record, m.ResultJson);
        }
        catch (Exception e)
        {
            // A result the store cannot take fails this trial (and counts as an attempt), never the coordinator: a
            // restarted coordinator would hand the same trial out again, for ever.
            OnFailed(new TrialFailed(m.SweepId, m.TrialId, m.Attempt, m.Node, $"result could not be stored: {e.GetType().Name}: {e.Message.Split('\n')[0]}"));
            return;
        }
        state = next;
        if (stored)
        {
            completions.Add((DateTime.UtcNow, m.Node));
            Collect(record);
            var summary = record.Summary;
            log.Info(string.Create(CultureInfo.InvariantCulture,
                $"sweep={m.SweepId} trial={m.TrialId} node={m.Node} attempt={m.Attempt} finished: {summary.HeadlineName} {(double.IsNaN(summary.Headline) ? "-" : summary.Headline.ToString("0.0000", CultureInfo.InvariantCulture))}, {summary.TrainSeconds:0.0}s {summary.WorkName} + {summary.EvalSeconds:0.0}s eval ({state.Done}/{state.Total} done)"));
        }
        AnnounceIfFinished();
    }

    private void OnFailed(TrialFailed m)
    {
        var (next, accepted, final) = state.Fail(m.TrialId, m.Attempt, Key(Sender));
        if (!accepted)
        {
            log.Warning("sweep={0} trial={1} node={2} attempt={3} late failure ignored (the trial was reassigned): {4}", m.SweepId, m.TrialId, m.Node, m.Attempt, m.Error);
            return;
        }
        state = next;
        store.RecordFailure(m.TrialId, m.Node, m.Attempt, m.Error, final);
        if (final)
            log.Error("sweep={0} trial={1} node={2} attempt={3} failed for good (no attempts left): {4}", m.SweepId, m.TrialId, m.Node, m.Attempt, m.Error);
        else
            log.Warning("sweep={0} trial={1} node={2} attempt={3} failed, will retry: {4}", m.SweepId, m.TrialId, m.Node, m.Attempt, m.Error);
        DispatchToIdle();
        AnnounceIfFinished();
    }

    /// <summary>
    /// Workers are gone: their trials go back to the front of the queue with their attempts given back. A lost node
    /// is one WARN line naming it and the trials that went back (the line's time is when they did); a second event
    /// about the same node (removed after unreachable) finds nothing left and says nothing.
    /// </summary>
    private void LoseWorkers(Func<string, bool> lost, string node, string why)
    {
        var (next, requeued) = state.WorkersLost(lost);
        state = next;
        var gone = workers.Keys.Where(lost).ToList();
        foreach (var worker in gone)
        {
            Context.Unwatch(workers[worker]);
            workers.Remove(worker);
            // A node with no slots left is gone: what it declined is forgotten, so the same node started again with its
            // data in place is asked afresh.
            if (workerNodes.Remove(worker, out var lostNode) && !workerNodes.ContainsValue(lostNode))
                state = state.ForgetDeclines(lostNode);
        }
        foreach (var trialId in requeued) store.Requeue(trialId);
        if (gone.Count > 0 || requeued.Count > 0)
            log.Warning("sweep={0} node={1} lost ({2}; {3} trainer slot(s) gone): {4}", sweepId, node, why, gone.Count,
                requeued.Count == 0 ? "no trial was running there" : $"requeued {requeued.Count} trial(s), attempts given back: {string.Join(", ", requeued)}");
        DispatchToIdle();
    }

    private void DispatchToIdle()
    {
        foreach (var worker in state.Idle.ToList())
        {
            if (state.Queue.IsEmpty) return;
            var node = workerNodes.GetValueOrDefault(worker, "?"); // every idle worker asked once, saying its node
            var (next, unit) = state.RequestUnit(worker, node, DateTime.UtcNow, FusionOf, InputOf);
            state = next;
            Dispatch(unit);
        }
    }

    private void AnnounceIfFinished()
    {
        if (!state.Finished || announced) return;
        announced = true;
        log.Info("sweep={0} finished: {1} done, {2} failed of {3}", sweepId, state.Done, state.Failed, state.Total);
        DownLostNodes();
        listener?.Tell(new SweepFinished(sweepId, state.Done, state.Failed));
    }

    /// <summary>
    /// Downs the nodes this sweep lost that are still members. A node killed shortly before the end is lost as soon as
    /// its trainers' death watch fires, seconds before the failure detector marks it unreachable; until it is downed,
    /// leaving the cluster cannot converge past it, and the coordinator's exit would wait out its 10 s phase timeout
    /// and warn. The sweep no longer needs those nodes, and a Down member is left out of convergence.
    /// </summary>
    private void DownLostNodes()
    {
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        foreach (var address in lostNodes)
            // A live trainer on a lost address belongs to a node started again there: a new member, not the lost one
            // (downing it by address took the live node down, which then showed as lost).
            if (address != cluster.SelfAddress && !workers.Keys.Any(w => OnAddress(w, address))
                && cluster.State.Members.Any(m => m.Address == address && m.Status is not (MemberStatus.Down or MemberStatus.Removed)))
                cluster.Down(address);
    }

    private SweepStatus Status() => new(sweepId, state.Total, state.Done, state.Running.Count, state.Queued, state.Failed,
        completions.GroupBy(c => c.Node).ToDictionary(g => g.Key, g => g.Count()));

    private void LogProgressLine()
    {
        var now = DateTime.UtcNow;
        var recent = completions.Where(c => now - c.At <= SweepRate.Window).ToList();
        double rate = SweepRate.PerMinute(recent.Select(c => c.At), now, started);
        // The time left counts only the nodes still here and the trials some node will take: a node that left no longer
        // speeds the sweep up, and trials every node declined wait for a node with their inputs (LogStranded says which).
        var present = workerNodes.Values.ToHashSet(StringComparer.Ordinal);
        double presentRate = SweepRate.PerMinute(recent.Where(c => present.Contains(c.Node)).Select(c => c.At), now, started);
        int blocked = state.Stranded(present, InputOf).Count;
        int remaining = state.Total - state.Done - state.Failed;
        string eta = blocked > 0 && blocked == remaining ? "-" : SweepRate.Eta(remaining - blocked, state.Running.Count, presentRate, "-");
        var nodes = string.Join(", ", recent.GroupBy(c => c.Node).OrderBy(g => g.Key)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key}={SweepRate.PerMinute(g.Select(c => c.At), now, started):0.0}/min{(present.Contains(g.Key) ? "" : " (gone)")}")));
        log.Info(string.Create(CultureInfo.InvariantCulture,
            $"sweep={sweepId} progress done={state.Done}/{state.Total} running={state.Running.Count} queued={state.Queued} failed={state.Failed} rate={rate:0.0}/min eta={eta}{(blocked > 0 ? $" blocked={blocked}" : "")} nodes=[{nodes}]"));
        LogStranded();
    }

    private void Collect(ITrialRecord record)
    {
        var group = record.Group;
        if (!collectors.TryGetValue(group, out var collector))
            collectors[group] = collector = Context.ActorOf(ResultCollectorActor.Props(group), Uri.EscapeDataString(group.ActorName));
        collector.Tell(new ResultCollectorActor.Collect(record));
    }

    internal static string FormatDuration(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:00}m" : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:00}s" : $"{t.Seconds}s";

    private static string Key(IActorRef actor) => actor.Path.ToString();

    private static string NodeOf(IActorRef actor) => actor.Path.Address.HostPort() is { Length: > 0 } hostPort ? hostPort : "local";

    private static bool OnAddress(string worker, Address address) => worker.StartsWith(address.ToString() + "/", StringComparison.Ordinal);
}
