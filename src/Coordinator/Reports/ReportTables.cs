using System.Globalization;
using System.Text;
using ALfc.Coordinator.Sweeps;
using ALfc.Core.Evaluation;
using ALfc.Core.Statistics;

namespace ALfc.Coordinator.Reports;

/// <summary>
/// The report's tables, as Markdown and CSV: accuracy vs eps per method (mean ± 95% CI, n) for every dataset x box
/// x attack; the headline A-LFC minus CrowdLayer gap beside the paper's; and the paired A-LFC vs baseline statistics.
/// A cell with no finished repetition reads "missing (0/n)", never disappears.
/// </summary>
public static class ReportTables
{
    /// <summary>The paper's headline gaps, A-LFC minus CrowdLayer, in points (white-box, black-box).</summary>
    public static readonly (double White, double Black) PaperGap = (10.05, 11.34);

    public static string Cell(CellStatistics s, int planned) =>
        s.N == 0 ? $"missing (0/{planned})"
        : s.N == 1 ? F($"{s.Mean:0.000} (n=1/{planned})")
        : F($"{s.Mean:0.000} ± {s.HalfWidth95:0.000} (n={s.N}/{planned})");

    public static (string Markdown, string Csv) Accuracy(ReportModel m, string dataset, Box box, string attack)
    {
        var md = new StringBuilder();
        var csv = new StringBuilder("dataset,box,attack,eps,method,alpha,n,planned,mean,std,ci95_low,ci95_high\n");
        md.AppendLine($"### {dataset}, {Boxes.Name(box)}-box, {attack}").AppendLine();
        md.AppendLine("| eps | " + string.Join(" | ", m.Methods.Select(method => m.MethodLabel(dataset, method))) + " |");
        md.AppendLine("|---|" + string.Concat(m.Methods.Select(_ => "---|")));
        foreach (var (label, eps, cellBox) in Rows(m, dataset, box))
        {
            md.Append($"| {label} |");
            foreach (var method in m.Methods)
            {
                var s = m.Stats(dataset, method, cellBox, attack, eps);
                int planned = m.Planned(dataset, method);
                md.Append($" {Cell(s, planned)} |");
                csv.AppendLine(F($"{dataset},{(cellBox is { } b ? Boxes.Name(b) : "clean")},{attack},{eps},{method},{m.MethodAlpha(dataset, method)},{s.N},{planned},{Num(s.N > 0 ? s.Mean : double.NaN)},{Num(s.StandardDeviation)},{Num(s.Mean - s.HalfWidth95)},{Num(s.Mean + s.HalfWidth95)}"));
            }
            md.AppendLine();
        }
        return (md.ToString(), csv.ToString());
    }

    /// <summary>
    /// The rows of every table: clean accuracy first (eps 0, no attack), then each eps the dataset was evaluated at.
    /// A null box is the clean row.
    /// </summary>
    private static IEnumerable<(string Label, double Eps, Box? Box)> Rows(ReportModel m, string dataset, Box box) =>
        m.Epsilons(dataset).Select(e => (F($"{e}"), e, (Box?)box)).Prepend(("0 (clean)", 0.0, null));

    /// <summary>Mean over every (dataset, attack, eps) cell both methods have of mean(A-LFC) - mean(CrowdLayer), in points.</summary>
    public static (double Gap, int Cells) Headline(ReportModel m, Box box)
    {
        var gaps = new List<double>();
        foreach (var dataset in m.Datasets)
            foreach (var attack in m.Attacks)
                foreach (var eps in m.Epsilons(dataset))
                {
                    var a = m.Stats(dataset, "alfc", box, attack, eps);
                    var c = m.Stats(dataset, "crowdlayer", box, attack, eps);
                    if (a.N > 0 && c.N > 0) gaps.Add(100 * (a.Mean - c.Mean));
                }
        return (gaps.Count > 0 ? gaps.Average() : double.NaN, gaps.Count);
    }

    /// <summary>
    /// A-LFC minus <paramref name="baseline"/> in points over every attack × eps cell of <paramref name="datasets"/>,
    /// paired by seed: for each seed both methods finished, the mean over the cells of the difference; then the mean
    /// of those over seeds with its 95% CI. Over several datasets a seed's value averages its per-dataset means, so each
    /// dataset weighs the same (repetition r has seed baseSeed + r on every dataset).
    /// </summary>
    public static PairedComparison Gap(ReportModel m, string baseline, Box box, IReadOnlyList<string> datasets)
    {
        var perSeed = new Dictionary<long, List<double>>();
        foreach (var dataset in datasets)
        {
            var cells = new Dictionary<long, List<double>>();
            foreach (var attack in m.Attacks)
                foreach (var eps in m.Epsilons(dataset))
                {
                    var a = m.Values(dataset, "alfc", box, attack, eps);
                    var b = m.Values(dataset, baseline, box, attack, eps);
                    foreach (var seed in a.Keys.Intersect(b.Keys))
                        (cells.TryGetValue(seed, out var list) ? list : cells[seed] = []).Add(100 * (a[seed] - b[seed]));
                }
            foreach (var (seed, list) in cells) (perSeed.TryGetValue(seed, out var l) ? l : perSeed[seed] = []).Add(list.Average());
        }
        return PairedComparison.Of(perSeed.Where(p => p.Value.Count == datasets.Count).OrderBy(p => p.Key).Select(p => p.Value.Average()).ToList());
    }

    /// <summary>
    /// The headline: A-LFC minus every other method, white- and black-box, per dataset and over all datasets, in points
    /// with paired 95% CIs (<see cref="Gap"/>), the paper's CrowdLayer gaps beside; and a plain note when the data is
    /// not the paper's.
    /// </summary>
    public static string HeadlineMarkdown(ReportModel m)
    {
        var text = new StringBuilder();
        var synthetic = m.Datasets.Where(d => d == Core.Data.DatasetCatalog.DefaultDataset).ToList();
        if (synthetic.Count == m.Datasets.Count)
            text.AppendLine("These numbers come from the synthetic crowd, a generated dataset, not from the paper's music, LabelMe and sentiment crowds: "
                            + "they test the code, not the paper's claim, and the paper's gaps are beside them for reference only.").AppendLine();
        else if (synthetic.Count > 0)
            text.AppendLine("The mean includes the synthetic crowd, a generated dataset the paper did not use; the per-dataset columns separate it.").AppendLine();
        if (!m.Methods.Contains("alfc") || m.Methods.Count < 2) return text.AppendLine("No A-LFC and baseline pair in this sweep: no headline gap.").ToString();
        var columns = m.Datasets.Count > 1 ? [.. m.Datasets, "mean over datasets"] : m.Datasets.ToList();
        var alfcLabel = m.MethodLabel(m.Datasets, "alfc");
        text.AppendLine($"{(alfcLabel == "alfc" ? "A-LFC" : alfcLabel)} minus each method, points, mean over attacks and eps (paired by seed: mean ± 95% CI, n seeds):").AppendLine();
        text.AppendLine("| method | box | " + string.Join(" | ", columns) + " | paper |");
        text.AppendLine("|---|---|" + string.Concat(columns.Select(_ => "---|")) + "---|");
        foreach (var baseline in m.Methods.Where(x => x != "alfc"))
            foreach (var box in m.PlannedBoxes)
            {
                var cells = m.Datasets.Select(d => Gap(m, baseline, box, [d])).ToList();
                if (m.Datasets.Count > 1) cells.Add(Gap(m, baseline, box, m.Datasets));
                string paper = baseline == "crowdlayer" ? F($"+{(box == Box.White ? PaperGap.White : PaperGap.Black):0.00}") : "";
                text.AppendLine($"| {baseline} | {Boxes.Name(box)} | {string.Join(" | ", cells.Select(GapCell))} | {paper} |");
            }
        return text.ToString();
    }

    private static string GapCell(PairedComparison p) => p.N switch
    {
        0 => "missing",
        1 => $"{Signed(p.MeanDifference, 2)} (n=1)",
        _ => F($"{Signed(p.MeanDifference, 2)} ± {p.HalfWidth95:0.00} (n={p.N})"),
    };

    public static (string Markdown, string Csv) Paired(ReportModel m, string dataset, Box box, string attack)
    {
        var baselines = m.Methods.Where(x => x != "alfc").ToList();
        var md = new StringBuilder($"### {m.MethodLabel(dataset, "alfc")} minus baseline, {dataset}, {Boxes.Name(box)}-box, {attack} (paired by seed: mean difference ± 95% CI, paired t-test p, n)\n\n");
        var csv = new StringBuilder("dataset,box,attack,eps,baseline,n,mean_difference,ci95_low,ci95_high,p_value\n");
        md.AppendLine("| eps | " + string.Join(" | ", baselines) + " |");
        md.AppendLine("|---|" + string.Concat(baselines.Select(_ => "---|")));
        foreach (var (label, eps, cellBox) in Rows(m, dataset, box))
        {
            md.Append($"| {label} |");
            foreach (var b in baselines)
            {
                var p = m.Paired(dataset, b, cellBox, attack, eps);
                md.Append(p.N switch
                {
                    0 => " missing |",
                    1 => $" {Signed(p.MeanDifference, 3)} (n=1) |",
                    _ => F($" {Signed(p.MeanDifference, 3)} ± {p.HalfWidth95:0.000}, p{P(p.PValue)} (n={p.N}) |"),
                });
                csv.AppendLine(F($"{dataset},{(cellBox is { } x ? Boxes.Name(x) : "clean")},{attack},{eps},{b},{p.N},{Num(p.MeanDifference)},{Num(p.MeanDifference - p.HalfWidth95)},{Num(p.MeanDifference + p.HalfWidth95)},{Num(p.PValue)}"));
            }
            md.AppendLine();
        }
        return (md.ToString(), csv.ToString());
    }

    private static string P(double p) => double.IsNaN(p) ? " -" : p < 0.001 ? "<0.001" : F($"={p:0.000}");
    private static string Signed(double v) => double.IsNaN(v) ? "missing" : Signed(v, 2);

    /// <summary>
    /// A difference with its sign, rounded first: .NET's "+0.000;-0.000" wrote a tiny negative (-2.3e-17) as "-+0.000".
    /// One that rounds to zero reads "0.000", as the comparison tables write it.
    /// </summary>
    internal static string Signed(double v, int decimals)
    {
        var text = Math.Abs(v).ToString("0." + new string('0', decimals), CultureInfo.InvariantCulture);
        return text.Trim('0', '.').Length == 0 ? text : (v < 0 ? "-" : "+") + text;
    }
    private static string Num(double v) => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);
    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
