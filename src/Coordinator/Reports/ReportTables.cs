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
        var csv = new StringBuilder("dataset,box,attack,eps,method,n,planned,mean,std,ci95_low,ci95_high\n");
        md.AppendLine($"### {dataset}, {Boxes.Name(box)}-box, {attack}").AppendLine();
        md.AppendLine("| eps | " + string.Join(" | ", m.Methods) + " |");
        md.AppendLine("|---|" + string.Concat(m.Methods.Select(_ => "---|")));
        foreach (var eps in m.Epsilons(dataset))
        {
            md.Append(F($"| {eps} |"));
            foreach (var method in m.Methods)
            {
                var s = m.Stats(dataset, method, ReportModel.MainAlpha, box, attack, eps);
                int planned = m.Planned(dataset, method, ReportModel.MainAlpha);
                md.Append($" {Cell(s, planned)} |");
                csv.AppendLine(F($"{dataset},{Boxes.Name(box)},{attack},{eps},{method},{s.N},{planned},{Num(s.N > 0 ? s.Mean : double.NaN)},{Num(s.StandardDeviation)},{Num(s.Mean - s.HalfWidth95)},{Num(s.Mean + s.HalfWidth95)}"));
            }
            md.AppendLine();
        }
        return (md.ToString(), csv.ToString());
    }

    /// <summary>Mean over every (dataset, attack, eps) cell both methods have of mean(A-LFC) - mean(CrowdLayer), in points.</summary>
    public static (double Gap, int Cells) Headline(ReportModel m, Box box)
    {
        var gaps = new List<double>();
        foreach (var dataset in m.Datasets)
            foreach (var attack in m.Attacks)
                foreach (var eps in m.Epsilons(dataset))
                {
                    var a = m.Stats(dataset, "alfc", ReportModel.MainAlpha, box, attack, eps);
                    var c = m.Stats(dataset, "crowdlayer", ReportModel.MainAlpha, box, attack, eps);
                    if (a.N > 0 && c.N > 0) gaps.Add(100 * (a.Mean - c.Mean));
                }
        return (gaps.Count > 0 ? gaps.Average() : double.NaN, gaps.Count);
    }

    public static string HeadlineMarkdown(ReportModel m)
    {
        var (white, whiteCells) = Headline(m, Box.White);
        var (black, blackCells) = Headline(m, Box.Black);
        return string.Join("\n",
            "| A-LFC minus CrowdLayer, points, mean over attacks, eps and datasets | ours | cells | paper |",
            "|---|---|---|---|",
            F($"| white-box | {Signed(white)} | {whiteCells} | +{PaperGap.White:0.00} |"),
            F($"| black-box | {Signed(black)} | {blackCells} | +{PaperGap.Black:0.00} |"), "");
    }

    public static (string Markdown, string Csv) Paired(ReportModel m, string dataset, Box box, string attack)
    {
        var baselines = m.Methods.Where(x => x != "alfc").ToList();
        var md = new StringBuilder($"### A-LFC minus baseline, {dataset}, {Boxes.Name(box)}-box, {attack} (paired by seed: mean difference ± 95% CI, paired t-test p, n)\n\n");
        var csv = new StringBuilder("dataset,box,attack,eps,baseline,n,mean_difference,ci95_low,ci95_high,p_value\n");
        md.AppendLine("| eps | " + string.Join(" | ", baselines) + " |");
        md.AppendLine("|---|" + string.Concat(baselines.Select(_ => "---|")));
        foreach (var eps in m.Epsilons(dataset))
        {
            md.Append(F($"| {eps} |"));
            foreach (var b in baselines)
            {
                var p = m.Paired(dataset, b, box, attack, eps);
                md.Append(p.N switch
                {
                    0 => " missing |",
                    1 => F($" {p.MeanDifference:+0.000;-0.000} (n=1) |"),
                    _ => F($" {p.MeanDifference:+0.000;-0.000} ± {p.HalfWidth95:0.000}, p{P(p.PValue)} (n={p.N}) |"),
                });
                csv.AppendLine(F($"{dataset},{Boxes.Name(box)},{attack},{eps},{b},{p.N},{Num(p.MeanDifference)},{Num(p.MeanDifference - p.HalfWidth95)},{Num(p.MeanDifference + p.HalfWidth95)},{Num(p.PValue)}"));
            }
            md.AppendLine();
        }
        return (md.ToString(), csv.ToString());
    }

    private static string P(double p) => double.IsNaN(p) ? " -" : p < 0.001 ? "<0.001" : F($"={p:0.000}");
    private static string Signed(double v) => double.IsNaN(v) ? "missing" : F($"{v:+0.00;-0.00}");
    private static string Num(double v) => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);
    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
