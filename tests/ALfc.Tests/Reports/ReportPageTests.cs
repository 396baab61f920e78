using System.Text.RegularExpressions;
using ALfc.Coordinator.Reports;
using ALfc.Coordinator.Store;
using ALfc.Coordinator.Sweeps;
using ALfc.Core;
using ALfc.Core.Evaluation;
using ALfc.Core.Trials;
using ALfc.Tests.Trials;
using Newtonsoft.Json.Linq;

namespace ALfc.Tests.Reports;

/// <summary>The report page as a reader sees it: rendered by a real headless browser at 1280 px.</summary>
public class ReportPageTests
{
    /// <summary>
    /// A store whose report has the widest figures a one-dataset sweep makes: every attack (a four-panel grid per box),
    /// three methods, two repetitions, and learned worker models (the confusion-matrix pairs).
    /// </summary>
    private static string WideStore()
    {
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "wide.db");
        var grid = GridSpec.Parse("""{ "name": "w", "datasets": ["synthetic"], "methods": ["mv", "crowdlayer", "alfc"], "repetitions": 2, "eps": { "synthetic": [0.01, 0.03] } }""", "g", "w");
        using var store = ResultsStore.OpenForWriting(path, TrialKindRegistry.Default);
        store.Register(new SweepPlan(grid.Name, grid.Json, grid.Expand()));
        foreach (var t in grid.Expand())
        {
            var spec = t.TrainingSpec();
            double a = spec.Method switch { "alfc" => 0.8, "crowdlayer" => 0.6, _ => 0.5 } + 0.01 * t.Repetition;
            Dictionary<string, Dictionary<string, double>> Cells(double shift) =>
                spec.Evaluation.Attacks.ToDictionary(x => x, x => new Dictionary<string, double> { ["0.01"] = a + shift, ["0.03"] = a + shift - 0.2 });
            var result = new TrialResult
            {
                Dataset = "synthetic", Method = spec.Method, Alpha = 0.5, Schedule = "paper", Seed = spec.Seed, Scaling = "minmax", ConfigHash = spec.Hash(),
                Clean = a + 0.1, White = Cells(0), Black = Cells(0.05), EpochsRun = 1, TrainSeconds = 1, EvalSeconds = 1, Versions = new(),
                Workers = spec.Method == "mv" ? null : [new WorkerComparison("w3", 50, [[0.9, 0.1], [0.3, 0.7]], [[0.8, 0.2], [0.25, 0.75]], 0.075)],
            };
            store.MarkRunning(t.Id, "n", 1);
            store.RecordResult(t.Id, "n", result, AlfcJson.Serialize(result));
        }
        return path;
    }

    /// <summary>At 1280 px, the issue's width, and at 900 px, where the 1280 px grids must shrink to fit.</summary>
    [BrowserFact]
    public void At_1280_px_the_report_has_no_horizontal_scroll_and_every_figure_is_whole_on_the_page()
    {
        var output = TestPaths.NewScratchDirectory();
        var figures = Coordinator.Cli.ReportCommand.Run(WideStore(), output, null, null);
        Assert.Contains(figures, f => f.Id == "fig4-white" && f.Width >= 4 * FigureCanvas.PanelWidth); // four panels: as wide as a 1280 px screen
        // The page as written, plus a probe that records the page's width and every image's box once it has loaded.
        var html = File.ReadAllText(Path.Combine(output, "index.html"));
        var probe = """
            <script>window.addEventListener('load', () => {
              const root = document.documentElement;
              const images = [...document.images].map(i => { const r = i.getBoundingClientRect();
                return { alt: i.alt, complete: i.complete, naturalWidth: i.naturalWidth, naturalHeight: i.naturalHeight, left: r.left, right: r.right, width: r.width, height: r.height }; });
              const p = document.createElement('pre'); p.id = 'probe'; p.style.whiteSpace = 'pre-wrap';
              p.textContent = JSON.stringify({ scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, images });
              document.body.appendChild(p); });</script>
            """;
        var page = Path.Combine(output, "probe.html");
        File.WriteAllText(page, html.Replace("</body>", probe + "</body>"));
        foreach (var width in new[] { 1280, 900 }) CheckPage(page, width, figures.Count);
    }

    private static void CheckPage(string page, int width, int figures)
    {
        var dom = HeadlessBrowser.DumpDom(page, width, 900);
        var match = Regex.Match(dom, "<pre id=\"probe\"[^>]*>(.*?)</pre>", RegexOptions.Singleline);
        Assert.True(match.Success, "the probe did not run: " + dom[..Math.Min(300, dom.Length)]);
        var result = JObject.Parse(System.Net.WebUtility.HtmlDecode(match.Groups[1].Value));
        int clientWidth = (int)result["clientWidth"]!;
        Assert.Equal(width, clientWidth);
        Assert.True((int)result["scrollWidth"]! <= clientWidth, $"horizontal scroll: the page is {result["scrollWidth"]} px wide in a {clientWidth} px window");
        var images = (JArray)result["images"]!;
        Assert.Equal(figures, images.Count);
        foreach (var image in images)
        {
            string name = (string)image["alt"]!;
            Assert.True((bool)image["complete"]! && (int)image["naturalWidth"]! > 0, $"{name}: not loaded");
            Assert.True((double)image["left"]! >= 0 && (double)image["right"]! <= clientWidth + 0.5, $"{name}: spans {image["left"]}..{image["right"]} px, outside the {clientWidth} px window");
            Assert.True((double)image["width"]! >= 200, $"{name}: shrunk to {image["width"]} px");
            // Scaled as a whole, never squeezed: the shown aspect ratio is the image's own.
            double shown = (double)image["width"]! / (double)image["height"]!, natural = (double)image["naturalWidth"]! / (double)image["naturalHeight"]!;
            Assert.True(Math.Abs(shown / natural - 1) < 0.02, $"{name}: shown at aspect {shown:0.000}, drawn at {natural:0.000}");
        }
    }
}
