using System.Globalization;
using System.Text;
using ALfc.Core.Poisoning;
using ALfc.Core.Poisoning.Victims;
using ALfc.Core.Statistics;
using ScottPlot;

namespace ALfc.Coordinator.Reports;

/// <summary>
/// The report section of a sweep's poisoning trials (SubPac, IJCAI 2023): per answer set a table of ASR (mean ± 95% CI
/// over seeds, n done/planned) for every attack × substitute × M' × budget and victim, as Markdown and one tidy CSV;
/// ASR-vs-budget curves against the victim that matches the substitute, with CI bands when there are several seeds
/// (exp 1); transfer heat maps of SubPac, substitutes × victims, with the value in each cell (exp 3); and scatter plots
/// of every worker's true accuracy against its estimated reliability, normal and malicious (exp 2). A planned setting
/// with no finished seed keeps its row, "missing (0/n)", as a training cell does; figures draw what has finished.
/// </summary>
public sealed class PoisoningReport(IReadOnlyList<PoisoningResult> records, IReadOnlyList<PoisoningSpec> planned, string outputDirectory)
{
    private readonly FigureCanvas canvas = new(outputDirectory);

    public IReadOnlyList<FigureFile> Figures => canvas.Written;

    private IEnumerable<string> AnswerSets => records.Select(r => r.Answers).Concat(planned.Select(p => p.Answers)).Distinct().Order(StringComparer.Ordinal);

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>A CSV number: round-trip precision, an empty cell when undefined.</summary>
    private static string Num(double v) => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>One row of the tables: a setting that differs from its repetitions by seed only; a null budget is "average".</summary>
    private readonly record struct Setting(string Attack, string Substitute, int MaliciousWorkers, double? Budget);

    private static Setting SettingOf(PoisoningResult r) => new(r.Attack, r.Substitute, r.MaliciousWorkers, r.AverageBudget ? null : r.Budget);

    private static Setting SettingOf(PoisoningSpec s) => new(s.Attack, s.Substitute, s.MaliciousWorkers, s.Budget);

    /// <summary>Writes poisoning.md, poisoning.csv and the figures; returns the Markdown.</summary>
    public string Write()
    {
        var md = new StringBuilder();
        var csv = new StringBuilder("answers,attack,substitute,malicious,budget,average_budget,victim,n,planned,asr_mean,asr_ci95,clean_accuracy,poisoned_accuracy,labels_changed\n");
        foreach (var answers in AnswerSets)
        {
            var mine = records.Where(r => r.Answers == answers).ToList();
            var plannedHere = planned.Where(p => p.Answers == answers).ToList();
            var victims = VictimCatalog.Names.Where(v => mine.Any(r => r.Asr(v) is not null) || plannedHere.Any(p => p.Victims.Contains(v))).ToList();
            var settings = mine.Select(SettingOf).Concat(plannedHere.Select(SettingOf)).Distinct()
                .Select(key => (Key: key, Done: mine.Where(r => SettingOf(r) == key).ToList(), Planned: plannedHere.Where(p => SettingOf(p) == key).ToList()))
                // An "average" budget is known once a seed has run (the same for every seed of a set); until then it sorts last.
                .Select(s => (s.Key, s.Done, s.Planned, Budget: s.Key.Budget ?? s.Done.Select(r => r.Budget).DefaultIfEmpty(double.NaN).First()))
                .OrderBy(s => PoisoningOrder(s.Key.Attack)).ThenBy(s => s.Key.Substitute, StringComparer.Ordinal).ThenBy(s => s.Key.MaliciousWorkers)
                .ThenBy(s => double.IsNaN(s.Budget) ? double.MaxValue : s.Budget).ThenBy(s => s.Key.Budget is null).ToList();
            md.AppendLine(CultureInfo.InvariantCulture, $"### {answers}: ASR per victim (mean ± 95% CI over seeds, n done/planned)").AppendLine();
            md.AppendLine("In bold: each row's headline, the victim that runs the substitute's own aggregator (subpac-ds for ds, subpac-zencrowd for zencrowd and zencrowd-clipped; subpac-ds for the baselines, which use none).").AppendLine();
            md.AppendLine("| attack | substitute | M' | a | " + string.Join(" | ", victims) + " |");
            md.AppendLine("|---|---|---|---|" + string.Concat(victims.Select(_ => "---|")));
            foreach (var (key, done, plan, budget) in settings)
            {
                // The baselines build their answers without one; their records say ds only so their ids stay put.
                var substitute = Core.Poisoning.Attacks.PoisoningAttackCatalog.UsesSubstitute(key.Attack) ? key.Substitute : "none";
                var own = Core.Poisoning.Substitutes.SubstituteCatalog.OwnVictim(key.Substitute);
                var headline = done.FirstOrDefault()?.HeadlineVictim ?? (plan[0].Victims.Contains(own) ? own : plan[0].Victims[0]);
                var cells = victims.Select(v =>
                {
                    var ran = done.Where(r => r.Asr(v) is not null).ToList();
                    // Planned: the seeds that ask for this victim; a record of a spec this build cannot read still counts.
                    int seeds = Math.Max(plan.Count(p => p.Victims.Contains(v)), ran.Count);
                    if (seeds == 0) return "";
                    var s = Stats(ran.Select(r => r.Asr(v)));
                    var scores = ran.SelectMany(r => r.Victims.Where(x => x.Victim == v)).ToList();
                    csv.AppendLine(CultureInfo.InvariantCulture,
                        $"{answers},{key.Attack},{substitute},{key.MaliciousWorkers},{Num(budget)},{(key.Budget is null ? "true" : "false")},{v},{s.N},{seeds},{Num(s.N > 0 ? s.Mean : double.NaN)},{Num(s.N > 1 ? s.HalfWidth95 : double.NaN)},{Num(Defined(scores.Select(x => x.CleanAccuracy)))},{Num(Defined(scores.Select(x => x.PoisonedAccuracy)))},{Num(scores.Count == 0 ? double.NaN : scores.Average(x => x.LabelsChanged))}");
                    var cell = (ran.Count, s.N) switch
                    {
                        (0, _) => $"missing (0/{seeds})",
                        (_, 0) => $"- (n=0/{seeds})",
                        (_, 1) => $"{F(s.Mean)} (n=1/{seeds})",
                        _ => $"{F(s.Mean)} ± {F(s.HalfWidth95)} (n={s.N}/{seeds})",
                    };
                    return v == headline ? $"**{cell}**" : cell;
                });
                var a = key.Budget is null ? (double.IsNaN(budget) ? "average" : $"{budget.ToString("0.###", CultureInfo.InvariantCulture)} (average)") : key.Budget.Value.ToString("0.###", CultureInfo.InvariantCulture);
                md.AppendLine(CultureInfo.InvariantCulture, $"| {key.Attack} | {substitute} | {key.MaliciousWorkers} | {a} | {string.Join(" | ", cells)} |");
            }
            // Accuracies are over the questions with known truth: undefined in every record means the set had none.
            if (mine.Count > 0 && mine.All(r => r.Victims.All(v => double.IsNaN(v.CleanAccuracy))))
                md.AppendLine().AppendLine(CultureInfo.InvariantCulture,
                    $"No question of {answers} has a known true label (its truth.csv was missing or empty where the trials ran), so its ASRs and accuracies are undefined; the labels each victim changed are in poisoning.csv.");
            md.AppendLine();
            BudgetCurves(answers, mine);
            TransferHeatmap(answers, mine, victims);
        }
        ReliabilityScatter();
        File.WriteAllText(Path.Combine(outputDirectory, "poisoning.md"), md.ToString());
        File.WriteAllText(Path.Combine(outputDirectory, "poisoning.csv"), csv.ToString());
        return md.ToString();
    }

    private static int PoisoningOrder(string attack) => Core.Poisoning.Attacks.PoisoningAttackCatalog.Names.ToList().IndexOf(attack) is var i and >= 0 ? i : int.MaxValue;

    /// <summary>The mean of the defined values; NaN (an empty CSV cell) when none is.</summary>
    private static double Defined(IEnumerable<double> values) => values.Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Average();

    private static CellStatistics Stats(IEnumerable<double?> values) =>
        // Undefined ASRs (NaN: no truth, or no item right on clean data) are left out of the mean and counted out of n.
        values.Where(v => v is { } x && !double.IsNaN(x)).Aggregate(CellStatistics.Empty, (s, v) => s.Add(v!.Value));

    /// <summary>
    /// Exp 1: ASR against the substitute's own victim vs a, one line per attack, per (substitute, M'). The baselines,
    /// which use no substitute (and are stored under ds), are drawn in every substitute's plot, scored on its victim.
    /// </summary>
    private void BudgetCurves(string answers, IReadOnlyList<PoisoningResult> mine)
    {
        static bool Baseline(PoisoningResult r) => !Core.Poisoning.Attacks.PoisoningAttackCatalog.UsesSubstitute(r.Attack);
        var settings = mine.Select(r => (r.Substitute, r.MaliciousWorkers)).Distinct()
            .Select(key => (Key: key, Records: mine.Where(r => r.MaliciousWorkers == key.MaliciousWorkers && (Baseline(r) || r.Substitute == key.Substitute)).ToList()))
            .Where(s => s.Records.Select(r => r.Budget).Distinct().Count() > 1);
        foreach (var (key, setting) in settings)
        {
            var victim = Core.Poisoning.Substitutes.SubstituteCatalog.OwnVictim(key.Substitute);
            var plot = new Plot();
            int index = 0, drawn = 0;
            foreach (var attack in setting.GroupBy(r => r.Attack).OrderBy(g => PoisoningOrder(g.Key)))
            {
                var points = attack.GroupBy(r => r.Budget).OrderBy(g => g.Key).Select(g => (g.Key, Stats(g.Select(r => r.Asr(victim))))).Where(p => p.Item2.N > 0).ToList();
                FigureCanvas.AddSeries(plot, points, SeriesStyle.ForIndex(index++), attack.Key);
                drawn += points.Count;
            }
            // No defined ASR on this victim (an answer set without truth): a blank image says nothing; the tables say why.
            if (drawn == 0) continue;
            plot.Axes.SetLimitsY(0, 1);
            // Budgets are fractions: from 0 to just past the largest, not the auto range around a single point.
            plot.Axes.SetLimitsX(0, 1.1 * setting.Max(r => r.Budget));
            plot.ShowLegend(Edge.Right);
            var id = Safe($"poison-budget-{answers}-{key.Substitute}-m{key.MaliciousWorkers}");
            canvas.Save(plot, id, $"{answers}: ASR on {victim}, substitute {key.Substitute}, M' = {key.MaliciousWorkers}",
                "a (fraction of items per malicious worker)", "ASR", legend: null);
        }
    }

    /// <summary>Pixels under the transfer map for its victim names, rotated 30°, and the axis label below them.</summary>
    private const int RotatedLabelRoom = 90;

    /// <summary>Exp 3: SubPac's ASR for each substitute (rows) on each victim (columns), the mean in each cell.</summary>
    private void TransferHeatmap(string answers, IReadOnlyList<PoisoningResult> mine, IReadOnlyList<string> victims)
    {
        foreach (var setting in mine.Where(r => r.Attack == Core.Poisoning.Attacks.PoisoningAttackCatalog.SubPac)
                     .GroupBy(r => (r.MaliciousWorkers, r.Budget)).Where(g => g.Select(r => r.Substitute).Distinct().Count() > 1))
        {
            var substitutes = setting.Select(r => r.Substitute).Distinct().OrderBy(s => Core.Poisoning.Substitutes.SubstituteCatalog.Names.ToList().IndexOf(s)).ToList();
            var values = new double[substitutes.Count, victims.Count];
            for (int r = 0; r < substitutes.Count; r++)
                for (int c = 0; c < victims.Count; c++)
                    values[r, c] = Stats(setting.Where(x => x.Substitute == substitutes[r]).Select(x => x.Asr(victims[c]))) is { N: > 0 } cell ? cell.Mean : double.NaN;
            // No defined cell (an answer set without truth): nothing to colour, and the tables say why.
            if (values.Cast<double>().All(double.IsNaN)) continue;
            var plot = new Plot();
            plot.Add.ColorBar(FigureCanvas.AddUnitHeatmap(plot, values, substitutes, victims));
            // The victim names are slanted by AddUnitHeatmap, each ending under its own column (slanted from their tick
            // they ran into the next column and past the plot).
            var id = Safe($"poison-transfer-{answers}-m{setting.Key.MaliciousWorkers}-a{setting.Key.Budget.ToString(CultureInfo.InvariantCulture)}");
            canvas.Save(plot, id, $"{answers}: SubPac transfer, ASR (substitute x victim; M' = {setting.Key.MaliciousWorkers}, a = {setting.Key.Budget:0.###})",
                "victim", "substitute", 100 + 70 * victims.Count, 190 + RotatedLabelRoom + 50 * substitutes.Count, legend: null);
        }
    }

    /// <summary>Exp 2: each worker's true accuracy against its estimated reliability, normal and malicious, per answer set and attack.</summary>
    private void ReliabilityScatter()
    {
        var rows = AnswerSets.Select(answers => records.Where(r => r.Answers == answers && r.Workers.Any(w => w.Malicious && double.IsFinite(w.Estimated) && double.IsFinite(w.TrueAccuracy)))
            .GroupBy(r => r.Attack).OrderBy(g => PoisoningOrder(g.Key)).Select(g => (answers, g.Key, Shown(g))).ToArray()).Where(r => r.Length > 0).ToArray();
        if (rows.Length == 0) return;
        var panels = rows.Select(row => row.Select(cell =>
        {
            var plot = new Plot();
            foreach (var (malicious, color, label) in WorkerStyles)
            {
                var workers = cell.Item3.Workers.Where(w => w.Malicious == malicious && double.IsFinite(w.TrueAccuracy) && double.IsFinite(w.Estimated)).ToList();
                if (workers.Count == 0) continue;
                var scatter = plot.Add.ScatterPoints(workers.Select(w => w.TrueAccuracy).ToArray(), workers.Select(w => w.Estimated).ToArray(), color);
                Mark(scatter, malicious);
                scatter.LegendText = label;
            }
            // Two short lines: one line of set, attack, M' and a overflowed a panel and ran into its neighbour's title.
            plot.Title(string.Create(CultureInfo.InvariantCulture, $"{cell.answers}: {cell.Key}{(cell.Key == Core.Poisoning.Attacks.PoisoningAttackCatalog.SubPac ? $" ({cell.Item3.Substitute})" : "")}\nM' = {cell.Item3.MaliciousWorkers}, a = {cell.Item3.Budget:0.###}, seed {cell.Item3.Seed}"));
            plot.Axes.Title.Label.FontSize = 13;
            plot.XLabel("true accuracy");
            plot.YLabel($"reliability ({PoisoningRunner.ReliabilityVictim})");
            plot.Axes.SetLimits(-0.03, 1.03, -0.03, 1.05); // room for a marker at 0 or 1
            plot.HideLegend();
            return plot;
        }).ToArray()).ToArray();
        // One legend under the grid, so that every panel keeps the same width.
        var legend = new Plot();
        foreach (var (malicious, color, label) in WorkerStyles)
        {
            var key = legend.Add.ScatterPoints(new[] { 0.0 }, new[] { 0.0 }, color);
            Mark(key, malicious);
            key.LegendText = label + " workers";
        }
        canvas.SaveGrid(panels, "poison-reliability", "Worker reliability: true accuracy vs estimated (rows: answer sets, columns: attacks; the DS substitute's trial where there is one)", legend: legend);
    }

    /// <summary>
    /// The one trial of an (answer set, attack) a reliability panel draws: the DS substitute's (the authors' exp 2 setting)
    /// where there is one, then the largest budget, then the first seed; its panel names the substitute, budget and seed.
    /// </summary>
    private static PoisoningResult Shown(IEnumerable<PoisoningResult> trials) =>
        trials.OrderBy(r => r.Substitute == "ds" ? 0 : 1).ThenByDescending(r => r.Budget).ThenBy(r => r.Seed).First();

    /// <summary>The reliability scatter's two kinds of worker: (malicious, colour, name).</summary>
    private static readonly (bool Malicious, Color Color, string Label)[] WorkerStyles = [(false, SeriesStyle.OkabeIto[0], "normal"), (true, SeriesStyle.OkabeIto[1], "malicious")];

    /// <summary>A malicious worker is a large triangle, a normal one a small dot.</summary>
    private static void Mark(ScottPlot.Plottables.Scatter scatter, bool malicious)
    {
        scatter.MarkerSize = malicious ? 9 : 5;
        scatter.MarkerShape = malicious ? MarkerShape.FilledTriangleUp : MarkerShape.FilledCircle;
    }

    private static string Safe(string id) => new(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_').ToArray());
}
