using System.Globalization;
using ALfc.Coordinator.Store;
using ALfc.Core;
using ALfc.Core.Evaluation;
using ALfc.Core.Statistics;
using ALfc.Core.Training;
using ALfc.Core.Trials;

namespace ALfc.Coordinator.Reports;

/// <summary>
/// A sweep's results arranged for reporting: per (dataset, method, alpha, box, attack, eps) the values over
/// repetitions, keyed by seed so comparisons can be paired. Trials not done yet are counted as planned but
/// missing, so a report on a running or interrupted sweep shows n against the plan instead of dropping cells.
/// </summary>
public sealed class ReportModel
{
    /// <summary>The alpha of the main comparison (Exps 2-4); other alphas are Exp 1's sweep.</summary>
    public static readonly double MainAlpha = new TrainingConfig().Alpha;

    private readonly Dictionary<(string Dataset, string Method, double Alpha), List<StoredTrial>> planned;
    private readonly Dictionary<(string, string, double), List<(long Seed, TrialResult Result)>> done;
    /// <summary><see cref="MethodAlpha"/> of every planned (dataset, method), worked out once: every cell of the report asks.</summary>
    private readonly Dictionary<(string Dataset, string Method), double> methodAlphas;

    private ReportModel(string sweepId, IReadOnlyList<StoredTrial> trials, IReadOnlyList<(long, TrialResult)> results)
    {
        SweepId = sweepId;
        planned = trials.GroupBy(t => (t.Dataset, t.Method, t.Alpha)).ToDictionary(g => g.Key, g => g.ToList());
        methodAlphas = planned.Keys.GroupBy(k => (k.Dataset, k.Method)).ToDictionary(g => g.Key, g => g.Any(k => k.Alpha == MainAlpha)
            ? MainAlpha : g.Select(k => k.Alpha).OrderBy(a => Math.Abs(a - MainAlpha)).ThenBy(a => a).First());
        done = results.GroupBy(r => (r.Item2.Dataset, r.Item2.Method, r.Item2.Alpha)).ToDictionary(g => g.Key, g => g.ToList());
        Datasets = trials.Select(t => t.Dataset).Distinct().ToList();
        Methods = MethodCatalog.Names.Where(m => trials.Any(t => t.Method == m)).ToList();
        // Attacked specs: a planned trial that evaluates any box. Their attacks and eps are rows and tables of the report
        // before a trial finishes them, so an interrupted sweep shows "missing" there instead of leaving them out.
        // A config this build cannot read as a spec (an older layout) plans nothing here; its record, if any, still counts.
        var specs = trials.Select(t => TrialKindRegistry.Default.TryReadSpec(TrainingTrialKind.KindName, t.ConfigJson) as TrialSpec).ToList();
        var attacked = specs.OfType<TrialSpec>().Where(s => s.Evaluation.WhiteBox || s.Evaluation.BlackBox).ToList();
        Attacks = results.SelectMany(r => r.Item2.Cells()).Select(c => c.Key.Attack).Concat(attacked.SelectMany(s => s.Evaluation.Attacks)).Distinct()
            .OrderBy(a => Core.Attacks.AttackCatalog.Names.ToList().IndexOf(a)).ToList();
        plannedEpsilons = attacked.GroupBy(s => s.Dataset).ToDictionary(g => g.Key, g => g.SelectMany(s => PlannedEpsilons(s)).Distinct().ToList());
        DoneTrials = results.Count;
        PlannedTrials = trials.Count;
        var cellBoxes = results.SelectMany(r => r.Item2.Cells()).Select(c => c.Key.Box).ToHashSet();
        PlannedBoxes = Boxes.All.Where(b => cellBoxes.Contains(b)
            || specs.Any(s => s?.Evaluation is { } e && (b == Box.White ? e.WhiteBox : e.BlackBox))).ToList();
    }

    private readonly Dictionary<string, List<double>> plannedEpsilons;

    /// <summary>The eps a spec evaluates at; none when its dataset is unknown to this build (its own list is then unknown).</summary>
    private static IReadOnlyList<double> PlannedEpsilons(TrialSpec spec)
    {
        try
        {
            return spec.Evaluation.EpsilonsFor(spec.Dataset);
        }
        catch (Exception e) when (e is AlfcInputException or ArgumentException or KeyNotFoundException)
        {
            return [];
        }
    }

    /// <summary>
    /// The boxes the sweep evaluates (any planned trial's config asks for it, or a finished one has its cells): a grid
    /// with <c>blackBox: false</c> has no black-box tables, headline rows or figure, rather than all of them "missing".
    /// </summary>
    public IReadOnlyList<Box> PlannedBoxes { get; }

    public string SweepId { get; }
    public IReadOnlyList<string> Datasets { get; }
    public IReadOnlyList<string> Methods { get; }
    public IReadOnlyList<string> Attacks { get; }
    public int DoneTrials { get; }
    public int PlannedTrials { get; }

    /// <summary>
    /// The sweep to report: the one named, or the store's only one; anything else is a one-line error, whose hint names
    /// <paramref name="option"/>, the flag that picks a sweep in this store (--sweep, or --against for the store compared with).
    /// </summary>
    public static string ResolveSweep(ResultsStore store, string? sweepId, string option = "--sweep")
    {
        var ids = store.SweepIds();
        if (ids.Count == 0) throw AlfcInputException.In(store.Path, "the store holds no sweep yet; nothing to report");
        var id = sweepId ?? (ids.Count == 1 ? ids[0] : throw AlfcInputException.In(store.Path, $"holds several sweeps ({string.Join(", ", ids)}); choose one with {option}"));
        if (!ids.Contains(id)) throw AlfcInputException.In(store.Path, $"no sweep '{id}' (sweeps: {string.Join(", ", ids)})");
        return id;
    }

    /// <summary>
    /// The A-LFC part of a sweep, or null when it plans no training trial. It may have none finished yet
    /// (<see cref="DoneTrials"/> 0): its tables then read "missing (0/n)" in every cell, as a partly done sweep's do.
    /// </summary>
    public static ReportModel? LoadTraining(ResultsStore store, string id)
    {
        var trials = store.Trials(id).Where(t => t.Kind == TrainingTrialKind.KindName).ToList();
        return trials.Count == 0 ? null : Build(id, trials);
    }

    public static ReportModel Load(ResultsStore store, string? sweepId)
    {
        var id = ResolveSweep(store, sweepId);
        var trials = store.Trials(id);
        // The A-LFC report reads training trials; other kinds have report sections of their own.
        trials = trials.Where(t => t.Kind == TrainingTrialKind.KindName).ToList();
        var model = Build(id, trials);
        if (model.DoneTrials == 0) throw AlfcInputException.In(store.Path, $"sweep '{id}' has no finished trial yet; nothing to report");
        return model;
    }

    private static ReportModel Build(string id, IReadOnlyList<StoredTrial> trials) =>
        new(id, trials, trials.Where(t => t.RecordJson is not null).Select(t => (t.Seed, AlfcJson.DeserializeComplete<TrialResult>(t.RecordJson!))).ToList());

    /// <summary>The eps values any trial of the dataset was evaluated at or is planned to be, ascending.</summary>
    public IReadOnlyList<double> Epsilons(string dataset) =>
        done.Where(p => p.Key.Item1 == dataset).SelectMany(p => p.Value)
            .SelectMany(r => r.Result.Cells()).Select(c => c.Key.Eps).Concat(plannedEpsilons.GetValueOrDefault(dataset) ?? []).Distinct().Order().ToList();

    /// <summary>The feature scaling the dataset's trials ran with ("minmax"; several joined by "/" if a sweep mixed them), for figure titles.</summary>
    public string Scaling(string dataset) =>
        string.Join("/", done.Where(p => p.Key.Item1 == dataset).SelectMany(p => p.Value).Select(r => r.Result.Scaling).Distinct().Order(StringComparer.Ordinal));

    /// <summary>
    /// The alpha a method's trials of the main comparison (tables, headline, accuracy figures, worker figures) are read
    /// at: the paper's <see cref="MainAlpha"/> for every method that has trials there (a baseline's trials all do: its
    /// config carries the default alpha whatever the grid's alphas); for A-LFC planned without it, the planned alpha
    /// nearest to it (the lower of two as near), so a sweep run only at alpha 0.3 reports its A-LFC results, labelled
    /// with their alpha (<see cref="MethodLabel(string, string)"/>), instead of "missing (0/0)".
    /// </summary>
    public double MethodAlpha(string dataset, string method) =>
        methodAlphas.TryGetValue((dataset, method), out var alpha) ? alpha : MainAlpha;

    /// <summary>The method's name in the main comparison, with its alpha when that is not the paper's: "alfc (alpha 0.3)".</summary>
    public string MethodLabel(string dataset, string method) =>
        MethodAlpha(dataset, method) is var alpha && alpha == MainAlpha ? method : string.Create(CultureInfo.InvariantCulture, $"{method} (alpha {alpha})");

    /// <summary>The method's name over <paramref name="datasets"/>: labelled with its alpha where every dataset reads it at the same one.</summary>
    public string MethodLabel(IReadOnlyList<string> datasets, string method)
    {
        var labels = datasets.Select(d => MethodLabel(d, method)).Distinct().ToList();
        return labels.Count == 1 ? labels[0] : $"{method} (alpha per dataset)";
    }

    public IReadOnlyList<double> Alphas(string dataset, string method) =>
        planned.Keys.Where(k => k.Dataset == dataset && k.Method == method).Select(k => k.Alpha).Order().ToList();

    public int Planned(string dataset, string method, double alpha) => planned.GetValueOrDefault((dataset, method, alpha))?.Count ?? 0;

    /// <summary>Trials planned for the method in the main comparison (at <see cref="MethodAlpha"/>).</summary>
    public int Planned(string dataset, string method) => Planned(dataset, method, MethodAlpha(dataset, method));

    public IReadOnlyList<(long Seed, TrialResult Result)> Results(string dataset, string method, double alpha) =>
        done.GetValueOrDefault((dataset, method, alpha)) ?? [];

    /// <summary>Accuracy per seed in one cell; a null <paramref name="box"/> gives clean accuracy.</summary>
    public IReadOnlyDictionary<long, double> Values(string dataset, string method, double alpha, Box? box, string attack, double eps)
    {
        var values = new Dictionary<long, double>();
        foreach (var (seed, r) in Results(dataset, method, alpha))
        {
            if (box is not { } b) values[seed] = r.Clean;
            else if (r.Accuracy(new CellKey(b, attack, eps)) is { } v) values[seed] = v;
        }
        return values;
    }

    /// <summary>Accuracy per seed in one cell of the main comparison (at <see cref="MethodAlpha"/>).</summary>
    public IReadOnlyDictionary<long, double> Values(string dataset, string method, Box? box, string attack, double eps) =>
        Values(dataset, method, MethodAlpha(dataset, method), box, attack, eps);

    public CellStatistics Stats(string dataset, string method, double alpha, Box? box, string attack, double eps) =>
        Values(dataset, method, alpha, box, attack, eps).Values.Aggregate(CellStatistics.Empty, (s, v) => s.Add(v));

    /// <summary>Mean, spread and n of one cell of the main comparison (at <see cref="MethodAlpha"/>).</summary>
    public CellStatistics Stats(string dataset, string method, Box? box, string attack, double eps) =>
        Stats(dataset, method, MethodAlpha(dataset, method), box, attack, eps);

    /// <summary>A-LFC minus <paramref name="baseline"/> in one cell, over the seeds both have.</summary>
    public PairedComparison Paired(string dataset, string baseline, Box? box, string attack, double eps)
    {
        var alfc = Values(dataset, "alfc", box, attack, eps);
        var other = Values(dataset, baseline, box, attack, eps);
        return PairedComparison.Of(alfc.Keys.Intersect(other.Keys).Order().Select(s => alfc[s] - other[s]).ToList());
    }
}
