using System.Net;
using System.Text;
using ALfc.Core.Data;
using ALfc.Core.Evaluation;
using ALfc.Core.Poisoning;
using Newtonsoft.Json.Linq;

namespace ALfc.Coordinator.Reports;

/// <summary>
/// Writes a whole report into a folder: for training trials tables/ (Markdown and CSV), paired/ (A-LFC vs baselines),
/// headline.md; for poisoning trials poisoning.md and poisoning.csv (<see cref="PoisoningReport"/>); figures/ (PNG and
/// SVG); and index.html, one self-contained page (images embedded) that works offline.
/// </summary>
public static class ReportWriter
{
    public static IReadOnlyList<FigureFile> Write(string sweepId, ReportModel? model, PoisoningTrials poisoning, string outputDirectory,
        Func<string, CrowdDataset?> datasets, JObject? provenance = null, string? comparison = null)
    {
        Directory.CreateDirectory(outputDirectory);
        var figures = new List<FigureFile>();
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>ALfc report: " + WebUtility.HtmlEncode(sweepId) + "</title>");
        // Nothing may be wider than the page: figures shrink to the column (a flex item's min-width must be 0 for its
        // image's max-width to apply), wrap when several fit, and wide tables scroll inside their own box.
        html.AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.AppendLine("<style>body{font-family:sans-serif;margin:1.5em auto;padding:0 1em;max-width:1320px;box-sizing:border-box}"
                        + ".table{overflow-x:auto;max-width:100%}table{border-collapse:collapse;margin:1em 0;font-size:13px}"
                        + "td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}th{background:#f3f3f3}"
                        + ".figs{display:flex;flex-wrap:wrap;gap:8px;max-width:100%}figure{margin:0;min-width:0;max-width:100%}"
                        + "figcaption{font-size:12px;color:#444}img{display:block;max-width:100%;height:auto}</style></head><body>");
        html.AppendLine($"<h1>ALfc report: sweep {WebUtility.HtmlEncode(sweepId)}</h1>");
        if (model is not null) figures.AddRange(WriteTraining(model, outputDirectory, datasets, html));
        if (poisoning.Planned.Count > 0 || poisoning.Done.Count > 0)
        {
            var report = new PoisoningReport(poisoning.Done, poisoning.Planned, outputDirectory);
            var markdown = report.Write();
            html.AppendLine("<h2>Data poisoning (SubPac, IJCAI 2023)</h2>");
            html.AppendLine($"<p>{poisoning.Done.Count} of {Math.Max(poisoning.Planned.Count, poisoning.Done.Count)} poisoning trials finished. Cells show mean ± 95% CI over seeds and n (done/planned); "
                            + "\"missing\" marks a setting with no finished seed yet. ASR: among the items a victim labels correctly on clean answers, "
                            + "the fraction it gets wrong once the malicious answers are added (supplement eq. 19).</p>");
            AppendFigures(html, outputDirectory, report.Figures);
            html.AppendLine(MarkdownToHtml(markdown));
            figures.AddRange(report.Figures);
        }
        if (comparison is not null) html.AppendLine("<h2 id=\"compare\">Comparison with another sweep</h2>").AppendLine(MarkdownToHtml(comparison));
        if (provenance is not null)
        {
            File.WriteAllText(Path.Combine(outputDirectory, "provenance.json"), provenance.ToString(Newtonsoft.Json.Formatting.Indented));
            html.AppendLine("<h2 id=\"provenance\">Provenance</h2>").AppendLine(MarkdownToHtml(Provenance.Markdown(provenance)));
        }
        html.AppendLine("</body></html>");
        File.WriteAllText(Path.Combine(outputDirectory, "index.html"), html.ToString());
        return figures;
    }

    private static IReadOnlyList<FigureFile> WriteTraining(ReportModel model, string outputDirectory, Func<string, CrowdDataset?> datasets, StringBuilder html)
    {
        Directory.CreateDirectory(Path.Combine(outputDirectory, "tables"));
        Directory.CreateDirectory(Path.Combine(outputDirectory, "paired"));
        var tablesMd = new StringBuilder();
        var pairedMd = new StringBuilder();
        foreach (var dataset in model.Datasets)
            foreach (var box in model.PlannedBoxes)
                foreach (var attack in model.Attacks)
                {
                    var name = $"{dataset}-{Boxes.Name(box)}-{attack}";
                    var (md, csv) = ReportTables.Accuracy(model, dataset, box, attack);
                    File.WriteAllText(Path.Combine(outputDirectory, "tables", name + ".md"), md);
                    File.WriteAllText(Path.Combine(outputDirectory, "tables", name + ".csv"), csv);
                    tablesMd.AppendLine(md);
                    if (model.Methods.Contains("alfc") && model.Methods.Count > 1)
                    {
                        var (pmd, pcsv) = ReportTables.Paired(model, dataset, box, attack);
                        File.WriteAllText(Path.Combine(outputDirectory, "paired", name + ".md"), pmd);
                        File.WriteAllText(Path.Combine(outputDirectory, "paired", name + ".csv"), pcsv);
                        pairedMd.AppendLine(pmd);
                    }
                }
        var headline = ReportTables.HeadlineMarkdown(model);
        File.WriteAllText(Path.Combine(outputDirectory, "headline.md"), headline);
        File.WriteAllText(Path.Combine(outputDirectory, "tables.md"), tablesMd.ToString());
        File.WriteAllText(Path.Combine(outputDirectory, "paired.md"), pairedMd.ToString());

        var figures = new ReportFigures(model, outputDirectory);
        // No training trial finished: the tables say "missing" in every cell, and there is nothing to draw yet.
        if (model.DoneTrials > 0) figures.WriteAll(datasets);
        Html(html, model, outputDirectory, headline, tablesMd.ToString(), pairedMd.ToString(), figures.Written);
        return figures.Written;
    }

    private static void Html(StringBuilder html, ReportModel model, string dir, string headline, string tables, string paired, IReadOnlyList<FigureFile> figures)
    {
        html.AppendLine($"<p>{model.DoneTrials} of {model.PlannedTrials} training trials finished. Cells show mean ± 95% CI over repetitions and n (done/planned); "
                        + "\"missing\" marks a cell with no finished repetition yet.</p>");
        html.AppendLine("<h2>Headline</h2>").AppendLine(MarkdownToHtml(headline));
        foreach (var group in figures.GroupBy(f => f.Id.Split('-')[0]).OrderBy(g => int.Parse(g.Key[3..], System.Globalization.CultureInfo.InvariantCulture)))
        {
            var heading = group.Key switch
            {
                "fig1" => "Fig. 1: FGSM robustness of the baselines",
                "fig2" => "Fig. 2: the crowds",
                "fig3" => "Fig. 3: A-LFC vs alpha (Exp 1)",
                "fig4" => "Fig. 4: white-box robustness (Exp 2)",
                "fig5" => "Fig. 5: black-box robustness (Exp 3)",
                _ => "Figs. 6-9: each worker's true and A-LFC-learned confusion matrices, six workers with most labels (Exp 4)",
            };
            html.AppendLine($"<h2>{WebUtility.HtmlEncode(heading)}</h2>");
            AppendFigures(html, dir, group.ToList());
        }
        html.AppendLine("<h2>Accuracy tables</h2>").AppendLine(MarkdownToHtml(tables));
        if (paired.Length > 0) html.AppendLine("<h2>Paired comparisons</h2>").AppendLine(MarkdownToHtml(paired));
    }

    private static void AppendFigures(StringBuilder html, string dir, IReadOnlyList<FigureFile> figures)
    {
        html.AppendLine("<div class=\"figs\">");
        foreach (var f in figures)
        {
            var data = Convert.ToBase64String(File.ReadAllBytes(Path.Combine(dir, f.Png)));
            html.AppendLine($"<figure><img width=\"{f.Width}\" height=\"{f.Height}\" alt=\"{WebUtility.HtmlEncode(f.Title)}\" src=\"data:image/png;base64,{data}\">"
                            + $"<figcaption>{WebUtility.HtmlEncode(f.Title)}</figcaption></figure>");
        }
        html.AppendLine("</div>");
    }

    /// <summary>A table cell in bold Markdown (<c>**x**</c>, the poisoning tables' headline victim) as HTML.</summary>
    private static string Strong(string cell) =>
        cell.Length > 4 && cell.StartsWith("**", StringComparison.Ordinal) && cell.EndsWith("**", StringComparison.Ordinal) ? $"<strong>{cell[2..^2]}</strong>" : cell;

    /// <summary>Just enough Markdown for the report's own tables and headings.</summary>
    private static string MarkdownToHtml(string markdown)
    {
        var html = new StringBuilder();
        bool inTable = false, header = false;
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.StartsWith('|'))
            {
                if (line.StartsWith("|---")) continue;
                if (!inTable) { html.Append("<div class=\"table\"><table>"); inTable = true; header = true; }
                var cells = line.Trim('|').Split('|').Select(c => Strong(WebUtility.HtmlEncode(c.Trim())));
                var tag = header ? "th" : "td";
                html.Append("<tr>").Append(string.Concat(cells.Select(c => $"<{tag}>{c}</{tag}>"))).Append("</tr>");
                header = false;
                continue;
            }
            if (inTable) { html.AppendLine("</table></div>"); inTable = false; }
            if (line.StartsWith("### ")) html.AppendLine($"<h3>{WebUtility.HtmlEncode(line[4..])}</h3>");
            else if (line.Length > 0) html.AppendLine($"<p>{WebUtility.HtmlEncode(line)}</p>");
        }
        if (inTable) html.AppendLine("</table></div>");
        return html.ToString();
    }
}
