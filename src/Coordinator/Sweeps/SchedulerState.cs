using System.Collections.Immutable;
using ALfc.Core.Trials;

namespace ALfc.Coordinator.Sweeps;

/// <summary>A trial handed to a worker: which worker (its actor path), on which node, which attempt, since when.</summary>
public sealed record Assignment(string TrialId, string Worker, string Node, int Attempt, DateTime Since);

/// <summary>
/// The coordinator's scheduling state, immutable; every transition is a pure function returning the next state
/// (and what to do), so the rules are tested without an ActorSystem. Work pulling: a worker asks, and gets a unit (the
/// next queued trial, with queued repetitions it may be fused with) or is remembered as idle; each trial of a unit
/// then completes, fails or is given back on its own. A lost worker's trials go back to the front of the queue without
/// counting as an attempt; a failing trial is retried until <see cref="MaxAttempts"/>, then marked failed.
/// </summary>
public sealed record SchedulerState(
    ImmutableQueue<string> Queue,
    ImmutableDictionary<string, int> Attempts,
    ImmutableDictionary<string, Assignment> Running,
    ImmutableHashSet<string> Idle,
    int Total,
    int Done,
    int Failed,
    int MaxAttempts)
{
    /// <summary>
    /// The state of a (re)started coordinator. A trial whose attempts are already used up is not queued again but
    /// counted failed (<see cref="Exhausted"/>): a coordinator that faulted while a trial ran restarts with that attempt
    /// counted, so a trial that keeps bringing the coordinator down is stopped by the same cap as one that throws.
    /// </summary>
    public static SchedulerState Start(IEnumerable<(string TrialId, int Attempts)> unfinished, int total, int alreadyDone, int maxAttempts)
    {
        var list = unfinished.ToList();
        var exhausted = list.Where(t => t.Attempts >= maxAttempts).Select(t => t.TrialId).ToImmutableList();
        var runnable = list.Where(t => t.Attempts < maxAttempts).ToList();
        return new(ImmutableQueue.CreateRange(runnable.Select(t => t.TrialId)), list.ToImmutableDictionary(t => t.TrialId, t => t.Attempts),
            ImmutableDictionary<string, Assignment>.Empty, ImmutableHashSet<string>.Empty, total, alreadyDone, exhausted.Count, maxAttempts)
        { Exhausted = exhausted };
    }

    /// <summary>Trials <see cref="Start"/> found with no attempts left: the coordinator records them as failed.</summary>
    public ImmutableList<string> Exhausted { get; init; } = [];

    public bool Finished => ALfc.Messages.SweepCounts.Finished(Total, Done, Failed);
    public int Queued => Queue.Count();

    /// <summary>
    /// (node, input key) pairs a node declined: its data root lacks those inputs (<see cref="ITrialKind.InputKey"/>), so
    /// none of their trials go to it again while it is in the cluster.
    /// </summary>
    public ImmutableHashSet<(string Node, string Input)> Declined { get; init; } = [];

    /// <summary>A worker asks for work: it gets the next trial, or is remembered as idle.</summary>
    public (SchedulerState State, Assignment? Assignment) Request(string worker, string node, DateTime now)
    {
        var (state, unit) = RequestUnit(worker, node, now, null);
        return (state, unit.Count > 0 ? unit[0] : null);
    }

    /// <summary>
    /// A worker asks for work: it gets a unit, the next queued trial and, when <paramref name="fusion"/> gives that trial a
    /// key of width w &gt; 1, up to w - 1 more queued trials of the same key, in queue order (fused repetitions); or it is
    /// remembered as idle. Each trial of the unit is running on its own, so each completes, fails or is given back alone.
    /// With <paramref name="inputOf"/> (a trial's input key), trials whose inputs the node declined are passed over.
    /// </summary>
    public (SchedulerState State, IReadOnlyList<Assignment> Unit) RequestUnit(string worker, string node, DateTime now, Func<string, FusionKey?>? fusion,
        Func<string, string>? inputOf = null)
    {
        if (Running.Values.Any(a => a.Worker == worker))
            return (this, []); // A duplicate request while it still holds trials: their results are still to come.
        bool Runnable(string trialId) => inputOf is null || !Declined.Contains((node, inputOf(trialId)));
        string? first = Queue.FirstOrDefault(Runnable);
        if (first is null) return (this with { Idle = Idle.Add(worker) }, []);
        var unit = new List<string> { first };
        // Only first attempts fuse: a trial that failed before runs alone, so a failure that fusing causes (R times the
        // memory, say) or that one repetition causes does not use up the attempts of the unit's other trials too.
        bool Fresh(string trialId) => Attempts.GetValueOrDefault(trialId) == 0;
        var key = Fresh(first) ? fusion?.Invoke(first) : null;
        var rest = new List<string>();
        foreach (var trialId in Queue)
            if (trialId == first) continue;
            else if (key is { Width: > 1 } && unit.Count < key.Width && Fresh(trialId) && fusion!(trialId) is { } other && other.Key == key.Key) unit.Add(trialId);
            else rest.Add(trialId);
        var queue = ImmutableQueue.CreateRange(rest);
        var assignments = unit.Select(id => new Assignment(id, worker, node, Attempts.GetValueOrDefault(id) + 1, now)).ToList();
        return (this with
        {
            Queue = queue,
            Attempts = assignments.Aggregate(Attempts, (acc, a) => acc.SetItem(a.TrialId, a.Attempt)),
            Running = Running.AddRange(assignments.Select(a => KeyValuePair.Create(a.TrialId, a))),
            Idle = Idle.Remove(worker),
        }, assignments);
    }

    /// <summary>A result arrived. Ignored (false) unless the trial is running under that attempt.</summary>
    public (SchedulerState State, bool Accepted) Complete(string trialId, int attempt)
    {
        if (!Running.TryGetValue(trialId, out var a) || a.Attempt != attempt) return (this, false);
        return (this with { Running = Running.Remove(trialId), Done = Done + 1 }, true);
    }

    /// <summary>
    /// A trial threw: re-queued at the back while attempts remain, otherwise failed for good. Ignored (false) unless the
    /// trial is running under that attempt on that <paramref name="worker"/>: a lost node's late failure (its trial given
    /// back and handed to another worker under the same attempt) would otherwise queue the trial a second time while that
    /// worker still runs it. A late success, by contrast, is as good as the other worker's and is taken (<see cref="Complete"/>).
    /// </summary>
    public (SchedulerState State, bool Accepted, bool Final) Fail(string trialId, int attempt, string worker)
    {
        if (!Running.TryGetValue(trialId, out var a) || a.Attempt != attempt || a.Worker != worker) return (this, false, false);
        bool final = attempt >= MaxAttempts;
        var running = Running.Remove(trialId);
        return final
            ? (this with { Running = running, Failed = Failed + 1 }, true, true)
            : (this with { Running = running, Queue = Queue.Enqueue(trialId) }, true, false);
    }

    /// <summary>
    /// A node declined a trial because it lacks the trial's inputs: the trial goes back to the front of the queue with its
    /// attempt given back (the node's fault, not the trial's), and the node gets no more trials of <paramref name="input"/>.
    /// Ignored (false) unless the trial is running under that attempt on that <paramref name="worker"/>: a node lost and
    /// back may decline late, after its trial was given back and handed to another worker under the same attempt.
    /// </summary>
    public (SchedulerState State, bool Accepted) Decline(string trialId, int attempt, string worker, string node, string input)
    {
        if (!Running.TryGetValue(trialId, out var a) || a.Attempt != attempt || a.Worker != worker) return (this, false);
        return (this with
        {
            Running = Running.Remove(trialId),
            Queue = ImmutableQueue.CreateRange(Queue.Prepend(trialId)),
            Attempts = Attempts.SetItem(trialId, attempt - 1),
            Declined = Declined.Add((node, input)),
        }, true);
    }

    /// <summary>
    /// Queued trials that none of <paramref name="nodes"/> (the nodes now in the sweep) will take, because every one of
    /// them declined the trial's input; empty while there is no node at all.
    /// </summary>
    public IReadOnlyList<string> Stranded(IReadOnlyCollection<string> nodes, Func<string, string> inputOf) =>
        nodes.Count == 0 || Declined.IsEmpty ? [] : Queue.Where(t => nodes.All(n => Declined.Contains((n, inputOf(t))))).ToList();

    /// <summary>Forgets what <paramref name="node"/> declined, as when it left: a node started again with its data in place is asked afresh.</summary>
    public SchedulerState ForgetDeclines(string node) => this with { Declined = Declined.Where(d => d.Node != node).ToImmutableHashSet() };

    /// <summary>Workers are gone (their node died or left): their trials go to the front of the queue, attempts refunded.</summary>
    public (SchedulerState State, IReadOnlyList<string> Requeued) WorkersLost(Func<string, bool> lost)
    {
        var orphaned = Running.Values.Where(a => lost(a.Worker)).OrderBy(a => a.Since).ToList();
        if (orphaned.Count == 0) return (this with { Idle = Idle.Where(w => !lost(w)).ToImmutableHashSet() }, []);
        var queue = ImmutableQueue.CreateRange(orphaned.Select(a => a.TrialId).Concat(Queue));
        var attempts = orphaned.Aggregate(Attempts, (acc, a) => acc.SetItem(a.TrialId, a.Attempt - 1));
        return (this with
        {
            Queue = queue,
            Attempts = attempts,
            Running = Running.RemoveRange(orphaned.Select(a => a.TrialId)),
            Idle = Idle.Where(w => !lost(w)).ToImmutableHashSet(),
        }, orphaned.Select(a => a.TrialId).ToList());
    }
}
