using ALfc.Core;
using ALfc.Core.Models;
using ALfc.Core.Data;
using ALfc.Core.Trials;
using ALfc.Messages;
using Akka.Actor;
using Akka.Event;
using static TorchSharp.torch;

namespace ALfc.Cluster.Trainers;

/// <summary>
/// One trainer slot: it runs trials of any kind in its <see cref="TrialKindRegistry"/>. It pulls work from the coordinator
/// (through the singleton proxy), a unit at a time (one trial, or repetitions the kind trains as one batched model), and
/// runs the unit on a dedicated long-running thread so the actor's mailbox and the node's heartbeats never wait on
/// training. Each trial's outcome comes back to the actor as soon as it exists and is reported on its own; the unit's end
/// frees the slot, which then asks again. While idle it repeats its request now and then, so a restarted coordinator
/// finds it. Stopping the actor cancels the unit in flight. Each slot is pinned to one device (cpu or cuda:N) for its
/// whole life.
/// </summary>
public sealed class TrainerActor : ReceiveActor, IWithTimers
{
    private sealed record AskAgain
    {
        public static AskAgain Instance { get; } = new();
    }

    /// <summary>The unit's thread is done: every trial of it has reported.</summary>
    private sealed record UnitDone(string SweepId, int Trials);

    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly IActorRef coordinator;
    private readonly TrialKindRegistry kinds;
    private readonly DatasetCache datasets;
    private readonly string node;
    private readonly Device device;
    private readonly TimeSpan askInterval;
    private CancellationTokenSource? running;

    public TrainerActor(IActorRef coordinator, TrialKindRegistry kinds, DatasetCache datasets, string node, Device device, TimeSpan askInterval)
    {
        this.coordinator = coordinator;
        this.kinds = kinds;
        this.datasets = datasets;
        this.node = node;
        this.device = device;
        this.askInterval = askInterval;
        Receive<RunTrials>(Start);
        Receive<TrialSucceeded>(Report);
        Receive<TrialFailed>(Report);
        Receive<UnitDone>(_ =>
        {
            running?.Dispose();
            running = null;
            Ask();
        });
        Receive<AskAgain>(_ => { if (running is null) Ask(); });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef coordinator, TrialKindRegistry kinds, DatasetCache datasets, string node, Device device, TimeSpan askInterval) =>
        Akka.Actor.Props.Create(() => new TrainerActor(coordinator, kinds, datasets, node, device, askInterval));

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("ask", AskAgain.Instance, askInterval);
        Ask();
    }

    protected override void PostStop()
    {
        // Only cancel: the trial's thread may still be between two steps and reads the token there. The source is left
        // to the collector rather than disposed under it; whoever ends the process waits for the thread (TrialThreads).
        running?.Cancel();
    }

    private void Ask() => coordinator.Tell(new RequestWork(node, Self.Path.Name));

    private void Start(RunTrials unit)
    {
        if (running is not null)
        {
            foreach (var trial in unit.Trials)
                log.Warning("sweep={0} trial={1} node={2} refused: this slot is busy", unit.SweepId, trial.TrialId, node);
            return;
        }
        if (Missing(unit) is { } reason)
        {
            // The node's data root lacks the unit's inputs: not the trials' fault, so no attempt is used up and the
            // coordinator stops sending this node trials that read them. The slot is free again at once.
            foreach (var trial in unit.Trials)
            {
                log.Warning("sweep={0} trial={1} node={2} attempt={3} declined: this node cannot read its inputs: {4}", unit.SweepId, trial.TrialId, node, trial.Attempt, reason);
                coordinator.Tell(new TrialDeclined(unit.SweepId, trial.TrialId, trial.Attempt, node, reason));
            }
            Ask();
            return;
        }
        running = new CancellationTokenSource();
        var token = running.Token;
        string where = ComputeDevice.Name(device) + (unit.Trials.Count > 1 ? $" fused={unit.Trials.Count}" : "");
        foreach (var trial in unit.Trials)
        {
            coordinator.Tell(new TrialStarted(unit.SweepId, trial.TrialId, trial.Attempt, node));
            log.Info("sweep={0} trial={1} node={2} attempt={3} kind={4} device={5} started", unit.SweepId, trial.TrialId, node, trial.Attempt, unit.Kind, where);
        }
        var self = Self;
        TrialThreads.Start(() => Run(unit, self, token), token)
            .PipeTo(Self, failure: e =>
            {
                // Run catches everything itself; this is only reached if the thread could not start.
                foreach (var trial in unit.Trials) self.Tell(new TrialFailed(unit.SweepId, trial.TrialId, trial.Attempt, node, OneLine(e)));
                return new UnitDone(unit.SweepId, unit.Trials.Count);
            });
    }

    /// <summary>
    /// Why this node cannot run <paramref name="unit"/> (its inputs are not under its data root at all), or null. The
    /// trials of a unit share their inputs (a fusion key implies an input key, see <see cref="ITrialKind.Fusion"/>), so
    /// the first one speaks for all; an unknown kind, an unreadable spec and a malformed input are left to
    /// <see cref="Run"/>, where they fail as the trial's own fault.
    /// </summary>
    private string? Missing(RunTrials unit)
    {
        ITrialKind kind;
        ITrialSpec spec;
        try
        {
            kind = kinds.Get(unit.Kind);
            spec = kind.ReadSpec(unit.Trials[0].SpecJson);
        }
        catch (Exception)
        {
            return null;
        }
        try
        {
            datasets.RequirePresent(kind, spec);
            // Present, but is it the coordinator's data? A different copy would put another data set's numbers in the store.
            if (unit.InputFiles is { Count: > 0 } expected && DataChecksums.Differences(expected, datasets.Checksums(spec.Group.Dataset)) is { } differs)
                return $"its copy of {spec.Group.Dataset} under {datasets.DataRoot ?? "the default data root"} is not the coordinator's: {differs}";
            return null;
        }
        catch (MissingInputException e)
        {
            return e.Message.Split('\n')[0].TrimEnd();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // There but unreadable or malformed: the input's fault, not the node's. The run then fails with this very
            // error and counts an attempt, as on any other node (declining would leave the trial waiting for ever).
            return null;
        }
    }

    /// <summary>
    /// Runs the unit on the trial thread. Each record goes to the actor as soon as it exists, so a fused unit's finished
    /// repetitions are stored even if the node is lost before the rest; if the unit throws, its unreported trials fail.
    /// </summary>
    private object Run(RunTrials unit, IActorRef self, CancellationToken token)
    {
        var reported = new bool[unit.Trials.Count];
        try
        {
            var kind = kinds.Get(unit.Kind);
            var specs = unit.Trials.Select(t => kind.ReadSpec(t.SpecJson)).ToList();
            kind.RunUnit(specs, new TrialContext(datasets, device), (i, record) =>
            {
                var trial = unit.Trials[i];
                object outcome;
                try
                {
                    // A record that cannot stand as a result (NaN accuracy from an empty test set) fails here, on the node,
                    // and counts as an attempt: the coordinator's store never sees it.
                    record.Validate();
                    outcome = new TrialSucceeded(unit.SweepId, trial.TrialId, trial.Attempt, node, AlfcJson.Serialize(record));
                }
                catch (Exception e)
                {
                    outcome = new TrialFailed(unit.SweepId, trial.TrialId, trial.Attempt, node, OneLine(e));
                }
                reported[i] = true;
                self.Tell(outcome);
            }, token);
        }
        catch (Exception e)
        {
            for (int i = 0; i < unit.Trials.Count; i++)
                if (!reported[i]) self.Tell(new TrialFailed(unit.SweepId, unit.Trials[i].TrialId, unit.Trials[i].Attempt, node, OneLine(e)));
        }
        return new UnitDone(unit.SweepId, unit.Trials.Count);
    }

    private void Report(IWorkMessage outcome)
    {
        switch (outcome)
        {
            case TrialSucceeded s:
                log.Info("sweep={0} trial={1} node={2} attempt={3} finished", s.SweepId, s.TrialId, node, s.Attempt);
                break;
            case TrialFailed f:
                log.Warning("sweep={0} trial={1} node={2} attempt={3} failed: {4}", f.SweepId, f.TrialId, node, f.Attempt, f.Error);
                break;
        }
        coordinator.Tell(outcome);
    }

    private static string OneLine(Exception e)
    {
        var inner = e is AggregateException { InnerException: { } i } ? i : e;
        return $"{inner.GetType().Name}: {inner.Message.Split('\n')[0].TrimEnd()}";
    }
}
