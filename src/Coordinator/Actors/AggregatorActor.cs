using System.Collections.Immutable;
using System.Globalization;
using Akka.Actor;
using ALfc.Core.Evaluation;
using ALfc.Coordinator.Sweeps;

namespace ALfc.Coordinator.Actors;

/// <summary>
/// Folds the results of one (dataset, method, alpha, schedule) group into per-cell statistics (mean, standard
/// deviation, 95% CI, n). The coordinator creates one per group and feeds it every stored result on start,
/// so the statistics are rebuilt from the store on resume. Local to the coordinator's process.
/// </summary>
public sealed class AggregatorActor : ReceiveActor
{
    /// <summary>Add one trial's result.</summary>
    public sealed record Fold(TrialResult Result);

    /// <summary>Ask for a <see cref="Snapshot"/>.</summary>
    public sealed record GetSnapshot
    {
        public static GetSnapshot Instance { get; } = new();
    }

    /// <summary>The group's statistics: clean accuracy and every (box, attack, eps) cell.</summary>
    public sealed record Snapshot(GroupKey Group, CellStatistics Clean, ImmutableSortedDictionary<CellKey, CellStatistics> Cells);

    public AggregatorActor(GroupKey group)
    {
        var clean = CellStatistics.Empty;
        var cells = ImmutableSortedDictionary<CellKey, CellStatistics>.Empty;
        Receive<Fold>(fold =>
        {
            clean = clean.Add(fold.Result.Clean);
            foreach (var (box, byAttack) in new[] { ("white", fold.Result.White), ("black", fold.Result.Black) })
                foreach (var (attack, byEps) in byAttack)
                    foreach (var (eps, accuracy) in byEps)
                    {
                        var key = new CellKey(box, attack, double.Parse(eps, CultureInfo.InvariantCulture));
                        cells = cells.SetItem(key, cells.GetValueOrDefault(key).Add(accuracy));
                    }
        });
        Receive<GetSnapshot>(_ => Sender.Tell(new Snapshot(group, clean, cells)));
    }

    public static Props Props(GroupKey group) => Akka.Actor.Props.Create(() => new AggregatorActor(group));
}

/// <summary>The group a result belongs to; <see cref="ActorName"/> is a valid, unique actor name for it.</summary>
public sealed record GroupKey(string Dataset, string Method, double Alpha, string Schedule)
{
    public static GroupKey Of(TrialResult r) => new(r.Dataset, r.Method, r.Alpha, r.Schedule);

    public string ActorName => string.Create(CultureInfo.InvariantCulture, $"agg-{Dataset}-{Method}-{Alpha:R}-{Schedule}");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Dataset}/{Method}/alpha={Alpha:R}/{Schedule}");
}

/// <summary>One evaluated cell: white or black box, attack, eps.</summary>
public sealed record CellKey(string Box, string Attack, double Eps) : IComparable<CellKey>
{
    public int CompareTo(CellKey? other) => other is null ? 1
        : string.CompareOrdinal(Box, other.Box) is var b and not 0 ? b
        : string.CompareOrdinal(Attack, other.Attack) is var a and not 0 ? a
        : Eps.CompareTo(other.Eps);
}
