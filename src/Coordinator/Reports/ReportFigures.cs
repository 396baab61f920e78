using System.Globalization;
using ALfc.Core.Aggregation;
using ALfc.Core.Data;
using ALfc.Core.Evaluation;
using ALfc.Core.Statistics;
using ScottPlot;
using Box = ALfc.Core.Evaluation.Box;

namespace ALfc.Coordinator.Reports;

/// <summary>A written figure: its title, caption and the PNG and SVG files (relative to the report folder).</summary>
public sealed record FigureFile(string Id, string Title, string Png, string Svg, int Width, int Height);

/// <summary>
/// The paper's figures, drawn with ScottPlot as PNG and SVG: Fig. 1 FGSM accuracy vs eps of the baselines; Fig. 2
/// boxplots of labels per worker and worker accuracy; Fig. 3 A-LFC accuracy vs alpha; Figs. 4 and 5 white- and
/// black-box accuracy vs eps of every method, per dataset and attack, with 95% CI bands; Figs. 6-9 true vs learned
/// confusion matrices (A-LFC, mean over repetitions) of the six workers with most labels.
/// </summary>
public sealed class ReportFigures(ReportModel model, string outputDirectory)
{
    public const int HeatmapSize = 330;
    private static readonly string[] Fig1Methods = ["gt", "mv", "ds", "crowdlayer", "aggnet"];
    private readonly FigureCanvas canvas = new(outputDirectory);

    public IReadOnlyList<FigureFile> Written => canvas.Written;

    public void WriteAll(Func<string, CrowdDataset?> datasets)
    {
        foreach (var dataset in model.Datasets)
        {
            if (model.PlannedBoxes.Contains(Box.White) && model.Attacks.Contains("fgsm"))
                AccuracyVsEps($"fig1-{dataset}", $"Fig. 1 ({dataset}, {model.Scaling(dataset)} scaling): FGSM, white-box", dataset, Box.White, "fgsm", Fig1Methods.Where(model.Methods.Contains).ToList());
            AlphaSweep(dataset);
            ConfusionHeatmaps(dataset, datasets);
        }
        // Figs. 4 and 5 as in the paper: one grid per box, a row per dataset and a column per attack, one y range.
        foreach (var (box, fig) in new[] { (Box.White, 4), (Box.Black, 5) }.Where(p => model.PlannedBoxes.Contains(p.Item1)))
        {
            var attacks = model.Attacks;
            var panels = model.Datasets.Select(d => attacks.Select(a =>
                AccuracyVsEpsPlot($"{d}: {a}", d, box, a, model.Methods)).ToArray()).ToArray();
            var scalings = string.Join(", ", model.Datasets.Select(d => $"{d} {model.Scaling(d)}"));
            canvas.SaveGrid(panels, $"fig{fig}-{Boxes.Name(box)}", $"Fig. {fig}: {Boxes.Name(box)}-box accuracy vs eps (L∞ on scaled features: {scalings}); rows datasets, columns attacks",
                shareY: true, legend: panels.SelectMany(r => r).FirstOrDefault(p => p.GetPlottables().Count() >= model.Methods.Count * 2) ?? panels[0][0]);
        }
        WorkerBoxplots(datasets);
    }

    private void AccuracyVsEps(string id, string title, string dataset, Box box, string attack, IReadOnlyList<string> methods)
    {
        var plot = AccuracyVsEpsPlot(title, dataset, box, attack, methods);
        if (plot.GetPlottables().Any()) plot.ShowLegend(Edge.Right);
        canvas.Save(plot, id, title, "eps (L∞, scaled features)", "accuracy", legend: null);
    }

    /// <summary>Accuracy vs eps of each method in its own style; no legend (a grid draws one for all its panels).</summary>
    private Plot AccuracyVsEpsPlot(string title, string dataset, Box box, string attack, IReadOnlyList<string> methods)
    {
        var plot = new Plot();
        foreach (var method in methods)
        {
            var points = model.Epsilons(dataset)
                .Select(e => (Eps: e, Stats: model.Stats(dataset, method, box, attack, e)))
                .Where(p => p.Stats.N > 0).ToList();
            FigureCanvas.AddSeries(plot, points.Select(p => (p.Eps, p.Stats)).ToList(), SeriesStyle.ForMethod(method, model.Methods.ToList().IndexOf(method)), model.MethodLabel(dataset, method));
        }
        plot.Title(title, size: 13);
        plot.XLabel("eps");
        plot.YLabel("accuracy");
        // ScottPlot 5 shows an inside legend by itself once a plottable has a legend text, hence the explicit hide.
        plot.HideLegend();
        return plot;
    }

    private void AlphaSweep(string dataset)
    {
        var alphas = model.Alphas(dataset, "alfc");
        if (alphas.Count < 2) return;
        // Exp 1 measures PGD-10 (random start) at its own eps; fall back to the smallest one evaluated.
        var evaluated = model.Epsilons(dataset);
        double eps = EpsilonPresets.AlphaSweep.FirstOrDefault(evaluated.Contains, evaluated.DefaultIfEmpty(EpsilonPresets.AlphaSweep[0]).Min());
        var plot = new Plot();
        int index = 0;
        foreach (var box in new Box?[] { null, Box.White })
        {
            var points = alphas.Select(a => (Alpha: a, Stats: CellOverAlpha(dataset, a, box, eps))).Where(p => p.Stats.N > 0).ToList();
            FigureCanvas.AddSeries(plot, points, SeriesStyle.ForIndex(index++), box is null ? "clean" : string.Create(CultureInfo.InvariantCulture, $"white-box PGD eps {eps}"));
        }
        canvas.Save(plot, $"fig3-{dataset}", $"Fig. 3 ({dataset}, {model.Scaling(dataset)} scaling): A-LFC accuracy vs alpha, white-box", "alpha", "accuracy");
    }

    private CellStatistics CellOverAlpha(string dataset, double alpha, Box? box, double eps) =>
        model.Values(dataset, "alfc", alpha, box, "pgd", eps).Values.Aggregate(CellStatistics.Empty, (s, v) => s.Add(v));

    /// <summary>Figs. 6-9: per worker, its true confusion matrix beside the one A-LFC learned (mean over repetitions), on one colour scale.</summary>
    private void ConfusionHeatmaps(string dataset, Func<string, CrowdDataset?> datasets)
    {
        var results = model.Results(dataset, "alfc", model.MethodAlpha(dataset, "alfc")).Select(r => r.Result).Where(r => r.Workers is { Count: > 0 }).ToList();
        if (results.Count == 0) return;
        var names = datasets(dataset)?.ClassNames;
        foreach (var worker in results[0].Workers!)
        {
            var learned = results.Select(r => r.Workers!.FirstOrDefault(w => w.Worker == worker.Worker)).Where(w => w is not null).ToList();
            int k = worker.True.Length;
            var mean = new double[k, k];
            var truth = new double[k, k];
            for (int t = 0; t < k; t++)
                for (int a = 0; a < k; a++)
                {
                    truth[t, a] = worker.True[t][a];
                    mean[t, a] = learned.Average(w => w!.Learned[t][a]);
                }
            var panels = new[] { ("true", truth), ($"learned (mean of {learned.Count})", mean) }.Select((p, i) =>
            {
                var plot = new Plot();
                var heatmap = FigureCanvas.AddUnitHeatmap(plot, p.Item2, names, names);
                if (i == 1) plot.Add.ColorBar(heatmap);
                plot.Title(p.Item1, size: 13);
                plot.XLabel("answered class");
                plot.YLabel("true class");
                return plot;
            }).ToArray();
            var safe = new string(worker.Worker.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
            canvas.SaveGrid([panels], $"fig6-{dataset}-{safe}", $"{dataset} worker {worker.Worker} ({worker.Labels} labels): true vs A-LFC-learned confusion matrix",
                panelWidth: HeatmapSize + (k > 6 ? 120 : 40), panelHeight: HeatmapSize);
        }
    }

    private void WorkerBoxplots(Func<string, CrowdDataset?> datasets)
    {
        var all = model.Datasets.Select(d => (Name: d, Data: datasets(d))).ToList();
        var loaded = all.Where(d => d.Data is not null).ToList();
        if (loaded.Count == 0) return;
        // A dataset whose files the report could not read (no --data, or another root) is named, not silently left out.
        var missing = all.Where(d => d.Data is null).Select(d => d.Name).ToList();
        string note = missing.Count == 0 ? "" : $" (no data: {string.Join(", ", missing)})";
        foreach (var (id, title, values) in new (string, string, Func<CrowdDataset, IEnumerable<double>>)[]
                 {
                     ("fig2-labels-per-worker", "Fig. 2: labels per worker", d => d.Answers.AnswersPerWorker().Select(c => (double)c)),
                     ("fig2-worker-accuracy", "Fig. 2: worker accuracy", d => DatasetStats.WorkerAccuracies(d).Where(a => !double.IsNaN(a))),
                 })
        {
            var plot = new Plot();
            for (int i = 0; i < loaded.Count; i++)
            {
                var q = Quantiles.Of(values(loaded[i].Data!));
                plot.Add.Box(new ScottPlot.Box { Position = i, BoxMin = q.Q25, BoxMax = q.Q75, BoxMiddle = q.Median, WhiskerMin = q.Min, WhiskerMax = q.Max });
            }
            plot.Axes.Bottom.SetTicks(Enumerable.Range(0, loaded.Count).Select(i => (double)i).ToArray(), loaded.Select(d => d.Name).ToArray());
            canvas.Save(plot, id, title + note, "dataset", id.EndsWith("accuracy") ? "accuracy against gold" : "labels", legend: null);
        }
    }

}
