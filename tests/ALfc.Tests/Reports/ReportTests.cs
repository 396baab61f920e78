using ALfc.Core.Statistics;
using ALfc.Core.Trials;
using ALfc.Tests.Trials;
using ALfc.Coordinator.Reports;
using ALfc.Coordinator.Store;
using ALfc.Coordinator.Sweeps;
using ALfc.Core;
using ALfc.Core.Evaluation;
using SkiaSharp;

namespace ALfc.Tests.Reports;

public class ReportTests
{
    /// <summary>
    /// A store with known values: 3 repetitions of mv, crowdlayer and alfc on synthetic. White-box PGD at eps 0.01:
    /// alfc 0.8, 0.7, 0.9; crowdlayer 0.6 each time; mv's third repetition is not done; black-box only at eps 0.01.
    /// </summary>
    internal static string KnownStore()
    {
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "known.db");
        var grid = GridSpec.Parse("""{ "name": "k", "datasets": ["synthetic"], "methods": ["mv", "crowdlayer", "alfc"], "repetitions": 3, "attacks": ["pgd"], "eps": { "synthetic": [0.01, 0.03] } }""", "g", "k");
        var trials = grid.Expand();
        using var store = ResultsStore.OpenForWriting(path, TrialKindRegistry.Default);
        store.Register(new SweepPlan(grid.Name, grid.Json, trials));
        double[] alfc = [0.8, 0.7, 0.9];
        foreach (var t in trials)
        {
            if (t.TrainingSpec().Method == "mv" && t.Repetition == 2) continue;
            double white = t.TrainingSpec().Method switch { "alfc" => alfc[t.Repetition], "crowdlayer" => 0.6, _ => 0.5 };
            var result = new TrialResult
            {
                Dataset = "synthetic", Method = t.TrainingSpec().Method, Alpha = 0.5, Schedule = "paper", Seed = t.TrainingSpec().Seed, Scaling = "minmax",
                ConfigHash = t.TrainingSpec().Hash(), Clean = white + 0.1,
                White = new() { ["pgd"] = new() { ["0.01"] = white, ["0.03"] = white - 0.2 } },
                Black = new() { ["pgd"] = new() { ["0.01"] = white + 0.05 } },
                EpochsRun = 1, TrainSeconds = 1, EvalSeconds = 1, Versions = new(),
            };
            store.MarkRunning(t.Id, "n", 1);
            store.RecordResult(t.Id, "n", result, AlfcJson.Serialize(result));
        }
        return path;
    }

    [Fact]
    public void A_grid_without_black_box_evaluation_gets_no_black_box_tables_headline_rows_or_figure()
    {
        // Two white-box-only trials, one done: black-box is not "missing", it was never planned.
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "white.db");
        var grid = GridSpec.Parse("""{ "name": "w", "datasets": ["synthetic"], "methods": ["mv", "alfc"], "attacks": ["fgsm"], "eps": { "synthetic": [0.01] }, "blackBox": false }""", "g", "w");
        var trials = grid.Expand();
        using (var store = ResultsStore.OpenForWriting(path, TrialKindRegistry.Default))
        {
            store.Register(new SweepPlan(grid.Name, grid.Json, trials));
            var t = trials.First(x => x.TrainingSpec().Method == "alfc");
            var result = new TrialResult
            {
                Dataset = "synthetic", Method = "alfc", Alpha = 0.5, Schedule = "paper", Seed = t.TrainingSpec().Seed, Scaling = "minmax",
                ConfigHash = t.TrainingSpec().Hash(), Clean = 0.9, White = new() { ["fgsm"] = new() { ["0.01"] = 0.8 } }, Black = new(),
                EpochsRun = 1, TrainSeconds = 1, EvalSeconds = 1, Versions = new(),
            };
            store.MarkRunning(t.Id, "n", 1);
            store.RecordResult(t.Id, "n", result, AlfcJson.Serialize(result));
        }
        using (var store = ResultsStore.OpenReadOnly(path)) Assert.Equal([Box.White], ReportModel.Load(store, null).PlannedBoxes);
        using (var store = ResultsStore.OpenReadOnly(KnownStore())) Assert.Equal([Box.White, Box.Black], ReportModel.Load(store, null).PlannedBoxes);
        var report = Path.Combine(Path.GetDirectoryName(path)!, "report");
        Assert.Equal(0, Cli.AlfcProcess.Run("report", "--store", path, "--out", report).ExitCode);
        Assert.DoesNotContain("black", File.ReadAllText(Path.Combine(report, "tables.md")));
        Assert.DoesNotContain("| black |", File.ReadAllText(Path.Combine(report, "headline.md")));
        Assert.Contains("| 0.01 | missing (0/1) | 0.800 (n=1/1) |", File.ReadAllText(Path.Combine(report, "tables.md"))); // mv: planned, not done
        Assert.False(File.Exists(Path.Combine(report, "figures", "fig5-black.png")));
        Assert.True(File.Exists(Path.Combine(report, "figures", "fig4-white.png")));
    }

    /// <summary>
    /// Two seeds that agree exactly gave "p&lt;0.001" (and p 0 in the CSV); a difference of -2.3e-17 printed "-+0.000".
    /// </summary>
    [Fact]
    public void Equal_differences_have_no_p_value_and_a_difference_that_rounds_to_zero_has_no_sign()
    {
        var equal = PairedComparison.Of([0.003, 0.003]);
        Assert.Equal((2, 0.003, 0.0), (equal.N, Math.Round(equal.MeanDifference, 12), equal.HalfWidth95));
        Assert.True(double.IsNaN(equal.PValue));
        Assert.Equal(1.0, PairedComparison.Of([0.0, 0.0, 0.0]).PValue);
        Assert.Equal(["0.000", "0.000", "+0.003", "-0.012", "+0.50", "-12.35"],
            new[] { ReportTables.Signed(-2.3e-17, 3), ReportTables.Signed(0.0004, 3), ReportTables.Signed(0.003, 3), ReportTables.Signed(-0.0123, 3),
                ReportTables.Signed(0.5, 2), ReportTables.Signed(-12.3456, 2) });
    }

    [Fact]
    public void Tables_show_the_exact_means_cis_and_paired_differences()
    {
        using var store = ResultsStore.OpenReadOnly(KnownStore());
        var model = ReportModel.Load(store, null);
        // mean 0.8, s = 0.1, half-width t(0.975, 2) * 0.1 / sqrt(3) = 4.3027 * 0.057735 = 0.248.
        var alfc = model.Stats("synthetic", "alfc", 0.5, Box.White, "pgd", 0.01);
        Assert.Equal(0.8, alfc.Mean, 12);
        Assert.Equal(0.1, alfc.StandardDeviation, 12);
        Assert.Equal(4.3027 * 0.1 / Math.Sqrt(3), alfc.HalfWidth95, 6);
        var (table, csv) = ReportTables.Accuracy(model, "synthetic", Box.White, "pgd");
        Assert.Contains("| 0.01 | 0.500 ± 0.000 (n=2/3) | 0.600 ± 0.000 (n=3/3) | 0.800 ± 0.248 (n=3/3) |", table);
        Assert.Contains("synthetic,white,pgd,0.01,alfc,0.5,3,3,0.8", csv);
        // Clean accuracy heads every table, at eps 0 (clean = white + 0.1 in the known store).
        Assert.Contains("| 0 (clean) | 0.600 ± 0.000 (n=2/3) | 0.700 ± 0.000 (n=3/3) | 0.900 ± 0.248 (n=3/3) |", table);
        Assert.Contains("| 0 (clean) |", ReportTables.Accuracy(model, "synthetic", Box.Black, "pgd").Markdown);

        // Paired by seed against crowdlayer: differences 0.2, 0.1, 0.3, mean 0.2, t = 0.2 / (0.1 / sqrt 3) = 3.4641 on 2 df;
        // for 2 df the two-sided p is 1 - t / sqrt(2 + t^2) = 0.0741799.
        var paired = model.Paired("synthetic", "crowdlayer", Box.White, "pgd", 0.01);
        Assert.Equal(3, paired.N);
        Assert.Equal(0.2, paired.MeanDifference, 12);
        Assert.Equal(4.3027 * 0.1 / Math.Sqrt(3), paired.HalfWidth95, 6);
        double t = 0.2 / (0.1 / Math.Sqrt(3));
        Assert.Equal(1 - t / Math.Sqrt(2 + t * t), paired.PValue, 9);
        // Against mv only the two seeds both have are paired.
        Assert.Equal(2, model.Paired("synthetic", "mv", Box.White, "pgd", 0.01).N);
        Assert.Contains("+0.200 ± 0.248, p=0.074 (n=3)", ReportTables.Paired(model, "synthetic", Box.White, "pgd").Markdown);
    }

    /// <summary>
    /// A sweep that ran A-LFC only at alphas other than the paper's 0.5 reported every A-LFC cell "missing (0/0)" and no
    /// headline: its main comparison now reads A-LFC at the planned alpha nearest 0.5, labelled with it.
    /// </summary>
    [Fact]
    public void A_sweep_without_alpha_one_half_reports_alfc_at_its_nearest_alpha_labelled_with_it()
    {
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "alpha.db");
        var grid = GridSpec.Parse("""{ "name": "a", "datasets": ["synthetic"], "methods": ["mv", "alfc"], "alphas": [0.2, 0.7], "repetitions": 2, "attacks": ["pgd"], "eps": { "synthetic": [0.01] }, "blackBox": false }""", "g", "a");
        var trials = grid.Expand();
        using (var store = ResultsStore.OpenForWriting(path, TrialKindRegistry.Default))
        {
            store.Register(new SweepPlan(grid.Name, grid.Json, trials));
            foreach (var t in trials)
            {
                var spec = t.TrainingSpec();
                // alpha 0.7 (nearest 0.5) scores 0.8 and 0.6 by repetition, alpha 0.2 scores 0.1; mv 0.5 and 0.4.
                double white = spec.Method == "mv" ? 0.5 - 0.1 * t.Repetition : spec.Training.Alpha == 0.7 ? 0.8 - 0.2 * t.Repetition : 0.1;
                var result = new TrialResult
                {
                    Dataset = "synthetic", Method = spec.Method, Alpha = spec.Training.Alpha, Schedule = "paper", Seed = spec.Seed, Scaling = "minmax",
                    ConfigHash = spec.Hash(), Clean = 0.9, White = new() { ["pgd"] = new() { ["0.01"] = white } }, Black = new(),
                    EpochsRun = 1, TrainSeconds = 1, EvalSeconds = 1, Versions = new(),
                };
                store.MarkRunning(t.Id, "n", 1);
                store.RecordResult(t.Id, "n", result, AlfcJson.Serialize(result));
            }
        }
        using var read = ResultsStore.OpenReadOnly(path);
        var model = ReportModel.Load(read, null);
        Assert.Equal((0.7, 0.5), (model.MethodAlpha("synthetic", "alfc"), model.MethodAlpha("synthetic", "mv")));
        var (table, csv) = ReportTables.Accuracy(model, "synthetic", Box.White, "pgd");
        Assert.Contains("| eps | mv | alfc (alpha 0.7) |", table);
        // mean 0.7, s = 0.1414, half-width t(0.975, 1) * s / sqrt 2 = 12.706 * 0.1 = 1.271.
        Assert.Contains("| 0.01 | 0.450 ± 0.635 (n=2/2) | 0.700 ± 1.271 (n=2/2) |", table);
        Assert.Contains("synthetic,white,pgd,0.01,alfc,0.7,2,2,0.7", csv);
        // Paired by seed: 0.8 - 0.5 and 0.6 - 0.4, +25 points.
        var headline = ReportTables.HeadlineMarkdown(model);
        Assert.Contains("alfc (alpha 0.7) minus each method", headline);
        Assert.Contains("| mv | white | +25.00 ± 63.53 (n=2) |", headline);
        Assert.Contains("### alfc (alpha 0.7) minus baseline", ReportTables.Paired(model, "synthetic", Box.White, "pgd").Markdown);
    }

    [Fact]
    public void The_headline_gap_is_alfc_minus_crowdlayer_in_points_and_missing_cells_are_marked()
    {
        using var store = ResultsStore.OpenReadOnly(KnownStore());
        var model = ReportModel.Load(store, null);
        // White: eps 0.01 gap 0.8 - 0.6, eps 0.03 gap 0.6 - 0.4: +20 points over 2 cells. Black: only eps 0.01, +20.
        Assert.Equal((20.0, 2), (Math.Round(ReportTables.Headline(model, Box.White).Gap, 9), ReportTables.Headline(model, Box.White).Cells));
        // Paired by seed over the same cells: alfc - crowdlayer per seed is (20 + 0) / 2, (10 - 10) / 2... white: seeds give
        // mean over eps 0.01 and 0.03 of (0.2, 0.1, 0.3) each = 20, 10, 30 points: +20.00 ± t(2) * 10 / sqrt 3 = 24.84.
        var headline = ReportTables.HeadlineMarkdown(model);
        Assert.Contains("| crowdlayer | white | +20.00 ± 24.84 (n=3) | +10.05 |", headline);
        // Against mv only the two seeds both have: (0.3, 0.2) -> +25.00 ± t(1) * 7.07 / sqrt 2 = 63.53.
        Assert.Contains("| mv | white | +25.00 ± 63.53 (n=2) |  |", headline);
        Assert.Contains("synthetic crowd, a generated dataset", headline);
        // Black-box was evaluated at 0.01 only: the 0.03 row is there, marked missing, not dropped.
        Assert.Contains("| 0.03 | missing (0/3) | missing (0/3) | missing (0/3) |", ReportTables.Accuracy(model, "synthetic", Box.Black, "pgd").Markdown);
    }

    [Fact]
    public void The_report_folder_holds_valid_non_blank_figures_and_a_self_contained_page()
    {
        var store = KnownStore();
        var outDir = TestPaths.NewScratchDirectory();
        var figures = Coordinator.Cli.ReportCommand.Run(store, outDir, null, null);
        var files = Directory.GetFiles(Path.Combine(outDir, "figures"), "*.png");
        Assert.Equal(figures.Count, files.Length);
        // 1 dataset x 1 attack: one panel under the title strip, the methods' legend below it.
        Assert.Contains(figures, f => f.Id == "fig4-white" && f.Width == FigureCanvas.PanelWidth && f.Height > FigureCanvas.TitleHeight + FigureCanvas.PanelHeight);
        Assert.True(files.Length >= 4, $"only {files.Length} figures");
        // Fig. 1 is white-box FGSM, which this sweep (PGD only) never ran: no all-missing figure for it.
        Assert.DoesNotContain(figures, f => f.Id.StartsWith("fig1-", StringComparison.Ordinal));
        foreach (var file in files)
        {
            using var bitmap = SKBitmap.Decode(file);
            Assert.NotNull(bitmap);
            var expected = figures.Single(f => Path.GetFileName(f.Png) == Path.GetFileName(file));
            Assert.Equal((expected.Width, expected.Height), (bitmap.Width, bitmap.Height));
            var colours = new HashSet<SKColor>();
            for (int y = 0; y < bitmap.Height; y += 4)
                for (int x = 0; x < bitmap.Width; x += 4) colours.Add(bitmap.GetPixel(x, y));
            Assert.True(colours.Count > 20, $"{file} looks blank ({colours.Count} colours)");
            Assert.True(File.Exists(Path.ChangeExtension(file, ".svg")));
            Assert.StartsWith("<svg", File.ReadAllText(Path.ChangeExtension(file, ".svg")).TrimStart().Split('\n').First(l => l.TrimStart().StartsWith("<svg")).TrimStart());
        }
        var html = File.ReadAllText(Path.Combine(outDir, "index.html"));
        Assert.Equal(files.Length, html.Split("src=\"data:image/png;base64,").Length - 1);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.Contains("missing (0/3)", html);
        Assert.True(File.Exists(Path.Combine(outDir, "tables", "synthetic-white-pgd.csv")));
        Assert.True(File.Exists(Path.Combine(outDir, "paired", "synthetic-black-pgd.md")));
    }

    [Fact]
    public void An_alpha_sweep_draws_fig_3_and_learned_worker_models_draw_the_heatmaps()
    {
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "alpha.db");
        var grid = GridSpec.Parse("""{ "name": "a", "datasets": ["synthetic"], "methods": ["alfc"], "alphas": [0.25, 0.5, 0.75], "repetitions": 2, "attacks": ["pgd"], "eps": { "synthetic": [0.001] } }""", "g", "a");
        using (var store = ResultsStore.OpenForWriting(path, TrialKindRegistry.Default))
        {
            store.Register(new SweepPlan(grid.Name, grid.Json, grid.Expand()));
            foreach (var t in grid.Expand())
            {
                double accuracy = 0.6 + 0.2 * t.TrainingSpec().Training.Alpha + 0.01 * t.Repetition;
                var worker = new WorkerComparison("w7", 40, [[0.9, 0.1], [0.2, 0.8]], [[0.85, 0.15], [0.25, 0.75]], 0.05);
                var result = new TrialResult
                {
                    Dataset = "synthetic", Method = "alfc", Alpha = t.TrainingSpec().Training.Alpha, Schedule = "paper", Seed = t.TrainingSpec().Seed, Scaling = "minmax",
                    ConfigHash = t.TrainingSpec().Hash(), Clean = accuracy + 0.1, White = new() { ["pgd"] = new() { ["0.001"] = accuracy } }, Black = new(),
                    Workers = [worker], ConfusionMae = 0.05, EpochsRun = 1, TrainSeconds = 1, EvalSeconds = 1, Versions = new(),
                };
                store.MarkRunning(t.Id, "n", 1);
                store.RecordResult(t.Id, "n", result, AlfcJson.Serialize(result));
            }
        }
        var outDir = TestPaths.NewScratchDirectory();
        var figures = Coordinator.Cli.ReportCommand.Run(path, outDir, null, null);
        Assert.Contains(figures, f => f.Id == "fig3-synthetic");
        // The worker's true and learned matrices side by side in one figure.
        var pair = Assert.Single(figures, f => f.Id == "fig6-synthetic-w7");
        Assert.True(pair.Width >= 2 * ReportFigures.HeatmapSize, $"{pair.Width} px wide");
        using var fig3 = SKBitmap.Decode(Path.Combine(outDir, "figures", "fig3-synthetic.png"));
        Assert.Equal((FigureCanvas.Width, FigureCanvas.Height), (fig3.Width, fig3.Height));
    }

    [Fact]
    public void An_empty_a_corrupt_and_an_unfinished_store_are_one_line_errors()
    {
        var dir = TestPaths.NewScratchDirectory();
        var empty = Path.Combine(dir, "empty.db");
        ResultsStore.OpenForWriting(empty, TrialKindRegistry.Default).Dispose();
        Assert.Equal($"{empty}: the store holds no sweep yet; nothing to report",
            Assert.Throws<AlfcInputException>(() => Coordinator.Cli.ReportCommand.Run(empty, dir, null, null)).Message);

        var corrupt = Path.Combine(dir, "corrupt.db");
        File.WriteAllBytes(corrupt, Enumerable.Range(0, 4096).Select(i => (byte)(i * 7)).ToArray());
        var e = Assert.Throws<AlfcInputException>(() => Coordinator.Cli.ReportCommand.Run(corrupt, dir, null, null));
        Assert.StartsWith($"{corrupt}: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);

        var unfinished = Path.Combine(dir, "unfinished.db");
        using (var store = ResultsStore.OpenForWriting(unfinished, TrialKindRegistry.Default))
        {
            var grid = GridSpec.Parse("""{ "name": "u", "datasets": ["synthetic"], "methods": ["mv"] }""", "g", "u");
            store.Register(new SweepPlan(grid.Name, grid.Json, grid.Expand()));
        }
        Assert.Equal($"{unfinished}: sweep 'u' has no finished trial yet; nothing to report",
            Assert.Throws<AlfcInputException>(() => Coordinator.Cli.ReportCommand.Run(unfinished, dir, null, null)).Message);
    }

    [Fact]
    public void An_unknown_sweep_and_an_unwritable_output_folder_are_one_line_errors()
    {
        var store = KnownStore();
        Assert.Equal($"{store}: no sweep 'zzz' (sweeps: k)", Assert.Throws<AlfcInputException>(() => Coordinator.Cli.ReportCommand.Run(store, TestPaths.NewScratchDirectory(), "zzz", null)).Message);
        var file = Path.Combine(TestPaths.NewScratchDirectory(), "not-a-folder");
        File.WriteAllText(file, "x");
        var e = Assert.Throws<AlfcInputException>(() => Coordinator.Cli.ReportCommand.Run(store, file, null, null));
        Assert.StartsWith($"{file}: cannot write the report there", e.Message);
    }

    [Fact]
    public void Every_method_has_its_own_colour_and_marker_from_the_colour_blind_safe_palette()
    {
        var styles = Core.Training.MethodCatalog.Names.Select((m, i) => SeriesStyle.ForMethod(m, i)).ToList();
        Assert.Equal(styles.Count, styles.Select(s => s.Color).Distinct().Count());
        Assert.Equal(styles.Count, styles.Select(s => s.Marker).Distinct().Count());
        Assert.All(styles, s => Assert.Contains(s.Color, SeriesStyle.OkabeIto));
        // The same method gets the same style whatever its position in a figure.
        Assert.Equal(SeriesStyle.ForMethod("crowdlayer", 0), SeriesStyle.ForMethod("crowdlayer", 4));
    }

    [Theory]
    [InlineData(1.0, 1, 0.5)]                 // df 1 is Cauchy: p = 1 - (2/pi) atan(1) = 0.5
    [InlineData(12.706204736, 1, 0.05)]       // the tabulated t(0.975, 1)
    [InlineData(2.228138852, 10, 0.05)]       // the tabulated t(0.975, 10)
    [InlineData(0.0, 7, 1.0)]
    public void Student_t_p_values_match_known_quantiles(double t, int df, double p)
    {
        Assert.Equal(p, StudentT.TwoSidedP(t, df), 7);
    }
}
