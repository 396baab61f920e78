using System.Globalization;
using System.Text;
using ALfc.Core.Evaluation;
using ALfc.Core.Statistics;

namespace ALfc.Coordinator.Reports;

/// <summary>
/// Two sweeps side by side, per cell (`alfc report --compare`/`--against`): for every dataset × box × attack × eps ×
/// method both have, A's and B's mean and the difference B − A. Sweeps that differ in one setting share their seeds, so
/// the difference is paired by seed (mean ± 95% CI, n) where both have the same repetitions, and a plain difference of
/// means otherwise. Clean accuracy is the first row of every table (eps 0). Written as compare.md and compare.csv.
/// </summary>
public static class SweepComparison
{
    public static (string Markdown, string Csv) Write(ReportModel a, string aName, ReportModel b, string bName)
    {
        var md = new StringBuilder();
        var csv = new StringBuilder("dataset,box,attack,eps,method,a_n,a_mean,b_n,b_mean,difference,paired_n,ci95_low,ci95_high\n");
        md.AppendLine(F($"A = {aName}, B = {bName}. Each cell: A mean → B mean, then B − A (paired by seed: ± 95% CI, n pairs). Cells only one sweep has are marked."))
          .AppendLine();
        // What only one sweep has is named above the tables rather than left out without a word.
        var only = new List<string>();
        void Only(string what, IEnumerable<string> inA, IEnumerable<string> inB)
        {
            if (inA.Except(inB).ToList() is { Count: > 0 } x) only.Add($"{what} only in A: {string.Join(", ", x)}");
            if (inB.Except(inA).ToList() is { Count: > 0 } y) only.Add($"{what} only in B: {string.Join(", ", y)}");
        }
        Only("datasets", a.Datasets, b.Datasets);
        Only("attacks", a.Attacks, b.Attacks);
        if (only.Count > 0) md.AppendLine(string.Join("; ", only) + " (not compared).").AppendLine();
        var differences = new List<double>();
        var cleanSeen = new HashSet<(string, string)>(); // clean accuracy heads every table but is one cell per dataset and method
        var methods = a.Methods.Union(b.Methods).ToList();
        foreach (var dataset in a.Datasets.Intersect(b.Datasets))
            foreach (var box in a.PlannedBoxes.Union(b.PlannedBoxes).Order())
                foreach (var attack in a.Attacks.Intersect(b.Attacks))
                {
                    md.AppendLine(F($"### {dataset}, {Boxes.Name(box)}-box, {attack}")).AppendLine();
                    md.AppendLine("| eps | " + string.Join(" | ", methods) + " |").AppendLine("|---|" + string.Concat(methods.Select(_ => "---|")));
                    var rows = new List<(string Label, double Eps, Box? Box)> { ("0 (clean)", 0, null) };
                    rows.AddRange(a.Epsilons(dataset).Union(b.Epsilons(dataset)).Order().Select(e => (F($"{e}"), e, (Box?)box)));
                    foreach (var (label, eps, cellBox) in rows)
                    {
                        md.Append($"| {label} |");
                        foreach (var method in methods)
                        {
                            var va = a.Values(dataset, method, cellBox, attack, eps);
                            var vb = b.Values(dataset, method, cellBox, attack, eps);
                            var (text, line) = Cell(va, vb);
                            md.Append($" {text} |");
                            if (line is { } l && (cellBox is not null || cleanSeen.Add((dataset, method))))
                            {
                                differences.Add(l.Difference);
                                var (pairs, low, high) = l.Paired is { } p ? (F($"{p.N}"), Num(p.MeanDifference - p.HalfWidth95), Num(p.MeanDifference + p.HalfWidth95)) : ("", "", "");
                                csv.AppendLine(F($"{dataset},{(cellBox is { } x ? Boxes.Name(x) : "clean")},{attack},{eps},{method},{va.Count},{Num(Mean(va))},{vb.Count},{Num(Mean(vb))},{Num(l.Difference)},{pairs},{low},{high}"));
                            }
                        }
                        md.AppendLine();
                    }
                    md.AppendLine();
                }
        if (differences.Count > 0)
            md.Insert(0, F($"{differences.Count} cells in both; mean |B − A| {differences.Average(Math.Abs):0.0000}, largest |B − A| {differences.Max(Math.Abs):0.0000}.\n\n"));
        else md.Insert(0, "The two sweeps have no cell in common (no shared dataset, attack and method).\n\n");
        return (md.ToString(), csv.ToString());
    }

    /// <summary>
    /// One cell of both sweeps. Paired when both ran exactly the same seeds (two at least): the difference is the mean of
    /// the per-seed differences, with its 95% CI. Otherwise the difference of the means, with no CI, in both the
    /// Markdown and the CSV (the CSV once gave the unpaired difference beside a CI over the shared seeds, which need not
    /// contain it).
    /// </summary>
    private static (string Text, (double Difference, PairedComparison? Paired)? Line) Cell(IReadOnlyDictionary<long, double> a, IReadOnlyDictionary<long, double> b)
    {
        if (a.Count == 0 && b.Count == 0) return ("", null);
        if (b.Count == 0) return (F($"{Mean(a):0.000} (only A)"), null);
        if (a.Count == 0) return (F($"{Mean(b):0.000} (only B)"), null);
        bool sameSeeds = a.Count == b.Count && a.Keys.All(b.ContainsKey) && a.Count > 1;
        if (!sameSeeds)
        {
            double difference = Mean(b) - Mean(a);
            return (F($"{Mean(a):0.000} → {Mean(b):0.000}, {ReportTables.Signed(difference, 3)} (unpaired)"), (difference, null));
        }
        var paired = PairedComparison.Of(a.Keys.Order().Select(s => b[s] - a[s]).ToList());
        return (F($"{Mean(a):0.000} → {Mean(b):0.000}, {ReportTables.Signed(paired.MeanDifference, 3)} ± {paired.HalfWidth95:0.000} (n={paired.N})"),
            (paired.MeanDifference, paired));
    }

    private static double Mean(IReadOnlyDictionary<long, double> values) => values.Count == 0 ? double.NaN : values.Values.Average();
    private static string Num(double v) => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);
    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
