using System.Collections.Immutable;
using ALfc.Core.Evaluation;
using ALfc.Core.Statistics;
using ALfc.Core.Trials;
using Akka.Actor;

namespace ALfc.Coordinator.Actors;

/// <summary>
/// Collects the results of one group of repetitions (<see cref="TrialGroup"/>) and keeps their running statistics:
/// the headline number (clean accuracy for training trials) and every (box, attack, eps) cell, each as mean, standard
/// deviation, 95% CI and n. The coordinator creates one per group and feeds it every stored result when it starts,
/// so the statistics are rebuilt from the store on resume. Local to the coordinator's process.
/// </summary>
public sealed class ResultCollectorActor : ReceiveActor
{
    /// <summary>Add one trial's record.</summary>
    public sealed record Collect(ITrialRecord Record);

    /// <summary>Ask for a <see cref="Snapshot"/>.</summary>
    public sealed record GetSnapshot
    {
        public static GetSnapshot Instance { get; } = new();
    }

    /// <summary>The group's statistics: the headline number and every cell.</summary>
    public sealed record Snapshot(TrialGroup Group, string HeadlineName, CellStatistics Headline, ImmutableSortedDictionary<CellKey, CellStatistics> Cells);

    public ResultCollectorActor(TrialGroup group)
    {
        var headline = CellStatistics.Empty;
        string headlineName = "";
        var cells = ImmutableSortedDictionary<CellKey, CellStatistics>.Empty;
        Receive<Collect>(collect =>
        {
            headlineName = collect.Record.Summary.HeadlineName;
            // An undefined headline (a poisoning ASR with no item right on clean data) is not a number to average.
            if (!double.IsNaN(collect.Record.Summary.Headline)) headline = headline.Add(collect.Record.Summary.Headline);
            foreach (var (key, value) in collect.Record.Cells())
                cells = cells.SetItem(key, cells.GetValueOrDefault(key).Add(value));
        });
        Receive<GetSnapshot>(_ => Sender.Tell(new Snapshot(group, headlineName, headline, cells)));
    }

    public static Props Props(TrialGroup group) => Akka.Actor.Props.Create(() => new ResultCollectorActor(group));
}
