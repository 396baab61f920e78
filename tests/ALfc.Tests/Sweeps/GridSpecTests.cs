using ALfc.Tests.Trials;
using ALfc.Coordinator.Sweeps;
using ALfc.Core;
using ALfc.Core.Data;

namespace ALfc.Tests.Sweeps;

public class GridSpecTests
{
    private static GridSpec Parse(string json) => GridSpec.Parse(json, "grid.json", "grid");

    [Fact]
    public void The_quick_preset_is_every_method_on_synthetic_five_times()
    {
        var trials = GridPresets.Load("quick").Expand();
        Assert.Equal(6 * 5, trials.Count);
        Assert.All(trials, t => Assert.Equal("synthetic", t.TrainingSpec().Dataset));
        Assert.Equal(trials.Count, trials.Select(t => t.Id).Distinct().Count());
    }

    [Fact]
    public void The_paper_preset_covers_exps_1_to_4_without_duplicates()
    {
        var trials = GridPresets.Load("paper").Expand();
        // Per dataset: 6 methods at alpha 0.5, plus alfc at 10 more alphas (0.5 is shared), times 50 repetitions.
        Assert.Equal(3 * (6 + 10) * 50, trials.Count);
        Assert.Equal(11, trials.Where(t => t.TrainingSpec().Method == "alfc").Select(t => t.TrainingSpec().Training.Alpha).Distinct().Count());
        Assert.All(trials, t => Assert.Equal(200, t.TrainingSpec().Training.Epochs));
    }

    /// <summary>The README runs these files by name: each must load, be named as its file, and expand to trials.</summary>
    [Fact]
    public void Every_example_grid_in_docs_loads_under_its_own_name_and_expands_to_trials()
    {
        var files = Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "docs", "grids"), "*.json");
        Assert.NotEmpty(files);
        Assert.All(files, file =>
        {
            var grid = GridSpec.Load(file);
            Assert.Equal(Path.GetFileNameWithoutExtension(file), grid.Name);
            Assert.NotEmpty(grid.Expand());
        });
    }

    [Fact]
    public void A_repetitions_trials_are_listed_together_so_a_node_reads_its_black_box_inputs_back_while_they_are_on_disk()
    {
        var grid = Parse("""{ "datasets": ["synthetic", "music"], "methods": ["mv", "alfc"], "alphas": [0.25, 0.75], "repetitions": 3, "baseSeed": 10 }""");
        var order = grid.Expand().Select(t => t.TrainingSpec()).Select(s => $"{s.Dataset}/{s.Seed}/{s.Method}/{s.Training.Alpha}").ToList();
        string[] repetition(string dataset, int seed) => [$"{dataset}/{seed}/mv/0.5", $"{dataset}/{seed}/alfc/0.25", $"{dataset}/{seed}/alfc/0.75"];
        Assert.Equal([.. repetition("synthetic", 10), .. repetition("synthetic", 11), .. repetition("synthetic", 12),
            .. repetition("music", 10), .. repetition("music", 11), .. repetition("music", 12)], order);
    }

    [Fact]
    public void Methods_of_a_repetition_share_its_seed_and_ids_are_stable()
    {
        var grid = Parse("""{ "datasets": ["synthetic"], "methods": ["mv", "alfc"], "repetitions": 2, "baseSeed": 10 }""");
        var trials = grid.Expand();
        Assert.Equal(new long[] { 10, 11 }, trials.Where(t => t.TrainingSpec().Method == "mv").Select(t => t.TrainingSpec().Seed));
        Assert.Equal(new long[] { 10, 11 }, trials.Where(t => t.TrainingSpec().Method == "alfc").Select(t => t.TrainingSpec().Seed));
        Assert.Equal(trials.Select(t => t.Id), Parse("""{ "datasets": ["synthetic"], "methods": ["mv", "alfc"], "repetitions": 2, "baseSeed": 10 }""").Expand().Select(t => t.Id));
    }

    /// <summary>
    /// A block with no fields of its own runs the top level's: the README's grid, MV, CrowdLayer and A-LFC at 0.5 plus
    /// A-LFC at 0.25 and 0.75 (the same grid with one block of A-LFC alphas used to plan the block alone).
    /// </summary>
    [Fact]
    public void An_empty_block_runs_the_top_level_defaults_beside_the_other_blocks()
    {
        var trials = Parse("""
            { "repetitions": 10, "datasets": ["music", "labelme"], "methods": ["mv", "crowdlayer", "alfc"], "alphas": [0.5],
              "blocks": [ { }, { "methods": ["alfc"], "alphas": [0.25, 0.75] } ] }
            """).Expand().Select(t => t.TrainingSpec()).ToList();
        Assert.Equal(2 * 10 * (3 + 2), trials.Count);
        Assert.Equal(["alfc@0.25", "alfc@0.5", "alfc@0.75", "crowdlayer@0.5", "mv@0.5"],
            trials.Select(t => $"{t.Method}@{t.Training.Alpha.ToString(System.Globalization.CultureInfo.InvariantCulture)}").Distinct().Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// What cannot change a trial's result does not change its id: A-LFC's own settings on a baseline (tuning them reran
    /// every baseline), and an eps list spelt out as the dataset's own (it broke resume of the same grid).
    /// </summary>
    [Fact]
    public void Settings_a_trial_does_not_read_and_a_spelt_out_default_eps_list_keep_its_id()
    {
        IReadOnlyDictionary<string, string> Ids(string extra) =>
            Parse($$"""{ "datasets": ["synthetic"], "methods": ["gt", "mv", "ds", "aggnet", "crowdlayer", "alfc"]{{extra}} }""").Expand()
                .ToDictionary(t => t.TrainingSpec().Method, t => t.Id);
        var plain = Ids("");
        var tuned = Ids(""", "trainEps": 0.05, "schedule": "reference", "alphas": [0.3]""");
        Assert.All(plain.Keys.Where(m => m != "alfc"), m => Assert.Equal(plain[m], tuned[m]));
        Assert.NotEqual(plain["alfc"], tuned["alfc"]);
        var defaults = string.Join(", ", Core.Data.DatasetCatalog.Describe("synthetic").TestEpsilons.Reverse().Select(e => e.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(plain, Ids($$""", "eps": { "synthetic": [{{defaults}}] }"""));
        Assert.NotEqual(plain["mv"], Ids(""", "eps": { "synthetic": [0.01] }""")["mv"]);
        // A bad A-LFC setting on a baseline is still refused by name, though its value is not kept.
        Assert.Equal("--train-eps: must be from 0 to 1000000, got -1",
            Assert.Throws<AlfcInputException>(() => ALfc.Core.Evaluation.TrialSpec.Create("synthetic", "mv", 0, new(), new(), trainEps: -1)).Message);
    }

    [Fact]
    public void Adding_repetitions_or_methods_keeps_the_existing_trial_ids()
    {
        var small = Parse("""{ "datasets": ["synthetic"], "methods": ["mv"], "repetitions": 2 }""").Expand().Select(t => t.Id);
        var larger = Parse("""{ "datasets": ["synthetic"], "methods": ["mv", "ds"], "repetitions": 3 }""").Expand().Select(t => t.Id).ToHashSet();
        Assert.Subset(larger, small.ToHashSet());
        Assert.Equal(6, larger.Count);
    }

    [Theory]
    [InlineData("""{ "datasets": ["synthetic"], "methods": ["mv", "svm"] }""", "grid.json: methods[1]: unknown method 'svm' (known: gt, mv, ds, aggnet, crowdlayer, alfc)")]
    [InlineData("""{ "datasets": ["synthetic"], "methods": [] }""", "grid.json: methods: the list is empty")]
    [InlineData("""{ "datasets": [], "methods": ["mv"] }""", "grid.json: datasets: the list is empty")]
    [InlineData("""{ "methods": ["mv"] }""", "grid.json: datasets: missing (required)")]
    [InlineData("""{ "datasets": ["imagenet"], "methods": ["mv"] }""", "grid.json: datasets[0]: unknown dataset 'imagenet' (known: synthetic, music, labelme, sentiment)")]
    [InlineData("""{ "datasets": ["music"], "methods": ["mv"], "eps": { "music": [0.01, -0.1] } }""", "grid.json: eps.music[1]: -0.1 is not a number from 0 to 1000000")]
    [InlineData("""{ "datasets": ["music"], "methods": ["mv"], "attacks": ["pgd", "cw"] }""", "grid.json: attacks[1]: unknown attack 'cw' (known: fgsm, pgd, cw-margin, mim)")]
    [InlineData("""{ "datasets": ["music"], "methods": ["alfc"], "alphas": [1.5] }""", "grid.json: alphas[0]: 1.5 is not in [0, 1]")]
    [InlineData("""{ "datasets": ["music"], "methods": ["mv"], "repetitions": 0 }""", "grid.json: repetitions: must be from 1 to 100000, got 0")]
    [InlineData("""{ "datasets": ["synthetic"], "methods": ["mv"], "datasets": ["music"] }""", "grid.json: the key 'datasets' is given twice in one object (line 1, position 59)")]
    [InlineData("""{ "datasets": ["music"], "methods": ["mv"], "epochs": 2147483647 }""", "grid.json: epochs: must be from 1 to 100000, got 2147483647")]
    [InlineData("""{ "datasets": ["music"], "methods": ["mv"], "eps": { "labelme": [0.01] } }""", "grid.json: eps.labelme: the grid trains no labelme (its datasets: music)")]
    [InlineData("""{ "datasets": ["music"], "methods": ["mv"], "repetitions": 1000000000 }""", "grid.json: repetitions: must be from 1 to 100000, got 1000000000")]
    [InlineData("""{ "datasets": ["music"], "methods": ["mv"], "repetitions": 10000000000 }""", "grid.json: repetitions: must be a whole number, got 10000000000")]
    [InlineData("""{ "datasets": ["music"], "methods": ["mv"], "baseSeed": 100000000000000000000 }""", "grid.json: baseSeed: must be a whole number from -9007199254740992 to 9007199254740992, got 100000000000000000000")]
    [InlineData("""{ "name": { "a": 1 }, "datasets": ["music"], "methods": ["mv"] }""", "grid.json: name: must be a string, got {\"a\":1}")]
    [InlineData("""{ "schedule": ["paper"], "datasets": ["music"], "methods": ["mv"] }""", "grid.json: schedule: must be a string, got [\"paper\"]")]
    [InlineData("""{ "datasets": ["music"], "methods": ["mv"], "repetitons": 3 }""", "grid.json: repetitons: unknown field (known: name, repetitions, baseSeed, schedule, epochs, datasets, methods, alphas, attacks, eps, trainEps, blackBox, scale, blocks, description, poisoning)")]
    [InlineData("""{ "poisoning": [ { "answers": ["subpac/temp"], "attacks": ["flip"], "budgets": [0.5], "subpac": { "rounds": 2 } } ] }""", "grid.json: poisoning[0].subpac: SubPac settings, but the block's attacks (flip) do not include subpac")]
    [InlineData("""{ "poisoning": [ { "answers": ["subpac/temp"], "attacks": ["flip", "TIA"], "budgets": [0.5] } ] }""", "grid.json: poisoning[0].attacks[1]: 'tia' (Miao et al., WWW 2018) is not built, its formulation could not be obtained; 'ds-gradient' is this project's stand-in for it, under its own name")]
    [InlineData("""{ "datasets": ["music"], "methods": ["mv"], "eps": { "music": [1e300] } }""", "grid.json: eps.music[0]: 1E+300 is not a number from 0 to 1000000")]
    [InlineData("""{ "datasets": ["music"], "methods": ["mv"], "eps": { "music": [0.01, 0.01] } }""", "grid.json: eps.music[1]: 0.01 is given twice")]
    [InlineData("""{ "datasets": ["music"], "methods": ["mv"], "attacks": ["pgd", "pgd"] }""", "grid.json: attacks[1]: 'pgd' is given twice")]
    [InlineData("""{ "datasets": ["music"], "methods": ["mv", "MV"] }""", "grid.json: methods[1]: 'MV' is given twice")]
    [InlineData("""{ "datasets": ["music"], "methods": ["mv"], "eps": { "music": [0.01], "Music": [0.02] } }""", "grid.json: eps.Music: the dataset is given twice")]
    [InlineData("""{ "datasets": ["music"], "methods": ["mv"], "scale": { "music": "zscore", "MUSIC": "none" } }""", "grid.json: scale.MUSIC: the dataset is given twice")]
    [InlineData("""{ "datasets": ["music"], """, "grid.json: not valid JSON (line 1, position 25)")]
    [InlineData("""{ "datasets": ["music"], "methods": ["mv"], "scale": "log" }""", "grid.json: scale: unknown scaling 'log' (expected minmax, minmax-centred, zscore or none)")]
    [InlineData("""{ "datasets": ["music"], "methods": ["mv"], "scale": { "music": "log" } }""", "grid.json: scale.music: unknown scaling 'log' (expected minmax, minmax-centred, zscore or none)")]
    [InlineData("""{ "datasets": ["music"], "methods": ["mv"], "scale": { "imagenet": "none" } }""", "grid.json: scale.imagenet: unknown dataset (known: synthetic, music, labelme, sentiment)")]
    [InlineData("""{ "datasets": ["music"], "methods": ["mv"], "scale": ["minmax"] }""", "grid.json: scale: must be one value or an object mapping dataset names to values")]
    [InlineData("""{ "datasets": ["music"], "methods": ["mv"], "trainEps": -1 }""", "grid.json: trainEps: -1 is not a number from 0 to 1000000")]
    [InlineData("""{ "datasets": ["music"], "methods": ["mv"], "trainEps": { "music": "big" } }""", "grid.json: trainEps.music: \"big\" is not a number from 0 to 1000000")]
    [InlineData("""{ "datasets": ["music"], "methods": ["mv"], "eps": { "music": [0.01, 0] } }""", "grid.json: eps.music[1]: 0 is clean accuracy, which every trial measures and every table shows first; list eps above 0")]
    [InlineData("""{ "datasets": ["music"], "methods": ["mv", "alfc"], "alphas": [0.5], "blocks": [ { "methods": ["alfc"], "alphas": [0.25] } ] }""", "grid.json: methods: every block sets its own methods, so this default plans nothing; remove it, or add a block without methods to run it (e.g. { })")]
    [InlineData("""{ "datasets": ["music"], "blocks": [ { "methods": ["alfc"], "alphas": [0.25] }, { "methods": ["mv"], "alphas": [0.5] } ], "alphas": [0.5] }""", "grid.json: alphas: every block sets its own alphas, so this default plans nothing; remove it, or add a block without alphas to run it (e.g. { })")]
    [InlineData("""{ "datasets": ["music"], "methods": ["mv"], "blocks": [ { "datasets": ["labelme"] } ] }""", "grid.json: datasets: every block sets its own datasets, so this default plans nothing; remove it, or add a block without datasets to run it (e.g. { })")]
    public void A_bad_grid_is_a_one_line_error_naming_the_field(string json, string expected)
    {
        Assert.Equal(expected, Assert.Throws<AlfcInputException>(() => Parse(json)).Message);
    }

    [Fact]
    public void A_grid_nested_past_64_levels_is_named_as_too_deep_not_as_invalid_json()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100);
        Assert.StartsWith("grid.json: nested more than 64 levels deep (line 1, position ", Assert.Throws<AlfcInputException>(() => Parse(deep)).Message);
    }

    [Fact]
    public void A_file_system_refusal_that_ends_with_the_path_leads_with_it_once()
    {
        var e = ALfc.Core.FileSystemErrors.ToInput(new IOException("Too many levels of symbolic links : '/tmp/x/loop'"));
        Assert.Equal("/tmp/x/loop: Too many levels of symbolic links", e.Message);
        e = ALfc.Core.FileSystemErrors.ToInput(new IOException("The process cannot access the file '/tmp/x/f' because it is being used by another process."));
        Assert.Equal("/tmp/x/f: The process cannot access the file it because it is being used by another process", e.Message);
    }

    [Fact]
    public void Scale_defaults_to_each_datasets_own_and_may_be_set_for_all_or_per_dataset()
    {
        FeatureScaling ScalingOf(string json, string dataset) => Parse(json).Expand().First(t => t.TrainingSpec().Dataset == dataset).TrainingSpec().Scaling;
        const string Datasets = "\"datasets\": [\"music\", \"sentiment\"], \"methods\": [\"mv\"]";
        Assert.Equal((FeatureScaling.MinMax, FeatureScaling.MinMaxCentred), (ScalingOf($"{{ {Datasets} }}", "music"), ScalingOf($"{{ {Datasets} }}", "sentiment")));
        var all = $"{{ {Datasets}, \"scale\": \"zscore\" }}";
        Assert.Equal((FeatureScaling.ZScore, FeatureScaling.ZScore), (ScalingOf(all, "music"), ScalingOf(all, "sentiment")));
        var one = $"{{ {Datasets}, \"scale\": {{ \"sentiment\": \"none\" }} }}";
        Assert.Equal((FeatureScaling.MinMax, FeatureScaling.None), (ScalingOf(one, "music"), ScalingOf(one, "sentiment")));
        // The scaling is part of a trial's config, so it changes the trial's id.
        Assert.NotEqual(Parse($"{{ {Datasets} }}").Expand()[1].Id, Parse(one).Expand()[1].Id);
    }

    [Fact]
    public void Training_eps_defaults_to_8_over_255_but_0_01_on_sentiment_and_may_be_set_for_all_or_per_dataset()
    {
        double EpsOf(string json, string dataset) => Parse(json).Expand().First(t => t.TrainingSpec().Dataset == dataset).TrainingSpec().Training.TrainEpsilon;
        const string Datasets = "\"datasets\": [\"music\", \"sentiment\"], \"methods\": [\"alfc\"]";
        Assert.Equal((8.0 / 255.0, 0.01), (EpsOf($"{{ {Datasets} }}", "music"), EpsOf($"{{ {Datasets} }}", "sentiment")));
        Assert.Equal((0.02, 0.02), (EpsOf($"{{ {Datasets}, \"trainEps\": 0.02 }}", "music"), EpsOf($"{{ {Datasets}, \"trainEps\": 0.02 }}", "sentiment")));
        var one = $"{{ {Datasets}, \"trainEps\": {{ \"music\": 0.05 }} }}";
        Assert.Equal((0.05, 0.01), (EpsOf(one, "music"), EpsOf(one, "sentiment")));
    }

    [Fact]
    public void The_paper_preset_scales_sentiment_centred_and_the_others_to_the_unit_interval()
    {
        var scalings = GridPresets.Load("paper").Expand().Select(t => (t.TrainingSpec().Dataset, t.TrainingSpec().Scaling)).Distinct().OrderBy(p => p.Dataset).ToList();
        Assert.Equal([("labelme", FeatureScaling.MinMax), ("music", FeatureScaling.MinMax), ("sentiment", FeatureScaling.MinMaxCentred)], scalings);
    }

    [Fact]
    public void A_missing_grid_file_is_named()
    {
        Assert.Equal("/nonexistent/grid.json: grid file not found", Assert.Throws<AlfcInputException>(() => GridSpec.Load("/nonexistent/grid.json")).Message);
    }

    [Fact]
    public void A_grid_that_is_not_utf8_is_refused_by_line_and_one_with_a_utf8_mark_reads()
    {
        // A Latin-1 "café" description was shown as "caf\ufffd" by grid show and stored so.
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "grid.json");
        var head = System.Text.Encoding.ASCII.GetBytes("{ \"datasets\": [\"synthetic\"], \"methods\": [\"mv\"],\n  \"description\": \"caf");
        File.WriteAllBytes(path, [.. head, 0xE9, .. "\" }"u8.ToArray()]);
        Assert.Equal($"{path}:2: not valid UTF-8 text (byte 0xE9); save the file as UTF-8", Assert.Throws<AlfcInputException>(() => GridSpec.Load(path)).Message);
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. head, 0xC3, 0xA9, .. "\" }"u8.ToArray()]);
        Assert.Equal("café", Newtonsoft.Json.Linq.JObject.Parse(GridSpec.Load(path).Json)["description"]?.ToString());
    }
}

public class GridSizeTests
{
    [Fact]
    public void A_poisoning_budget_of_average_is_read_in_any_case_as_the_cli_reads_it()
    {
        var grid = GridSpec.Parse("""{ "poisoning": [ { "answers": ["subpac/temp"], "attacks": ["flip"], "budgets": ["AVERAGE", 0.5] } ] }""", "grid.json", "g");
        Assert.Equal([null, 0.5], grid.Poisoning!.Single().Budgets);
    }

    [Fact]
    public void The_order_of_attacks_eps_and_victims_in_a_grid_does_not_change_its_trials()
    {
        // What such a list does does not depend on its order (each attack x eps cell and each victim stands alone), so a
        // reordered grid is the same grid: the same ids, so a resume finds its trials done instead of running them again.
        var a = GridSpec.Parse("""
            { "datasets": ["synthetic"], "methods": ["mv"], "attacks": ["fgsm", "pgd", "mim"], "eps": { "synthetic": [0.01, 0.03, 0.05] },
              "poisoning": [ { "answers": ["subpac/temp"], "attacks": ["flip"], "budgets": [0.5], "victims": ["subpac-mv", "mv", "subpac-ds"] } ] }
            """, "grid.json", "g");
        var b = GridSpec.Parse("""
            { "datasets": ["synthetic"], "methods": ["mv"], "attacks": ["MIM", "fgsm", "pgd"], "eps": { "synthetic": [0.05, 0.01, 0.03] },
              "poisoning": [ { "answers": ["subpac/temp"], "attacks": ["flip"], "budgets": [0.5], "victims": ["mv", "subpac-ds", "subpac-mv"] } ] }
            """, "grid.json", "g");
        Assert.Equal(a.Expand().Select(t => t.Id), b.Expand().Select(t => t.Id));
        var training = b.Expand().First().TrainingSpec();
        Assert.Equal(["fgsm", "pgd", "mim"], training.Evaluation.Attacks);
        Assert.Equal([0.01, 0.03, 0.05], training.Evaluation.Epsilons!);
        Assert.Equal(["subpac-mv", "subpac-ds", "mv"], b.Expand().Select(t => t.Spec).OfType<Core.Poisoning.PoisoningSpec>().First().Victims);
    }

    [Fact]
    public void A_poisoning_block_names_each_victim_once_in_any_case_as_the_cli_reads_them()
    {
        var grid = GridSpec.Parse("""{ "poisoning": [ { "answers": ["subpac/temp"], "attacks": ["flip"], "budgets": [0.5], "victims": ["mv", "MV", "subpac-ds"] } ] }""", "grid.json", "g");
        var block = grid.Poisoning!.Single();
        Assert.Equal(["mv", "subpac-ds"], block.Victims);
        Assert.Equal(["flip"], block.Attacks);
    }

    /// <summary>These were merged without a word into one trial; a training grid refuses its repeats.</summary>
    [Theory]
    [InlineData("""{ "answers": ["subpac/temp", "subpac/TEMP"], "attacks": ["flip"], "budgets": [0.5] }""", "poisoning[0].answers[1]: 'subpac/TEMP' is given twice")]
    [InlineData("""{ "answers": ["subpac/temp"], "attacks": ["flip", "FLIP"], "budgets": [0.5] }""", "poisoning[0].attacks[1]: 'FLIP' is given twice")]
    [InlineData("""{ "answers": ["subpac/temp"], "attacks": ["subpac"], "substitutes": ["ds", "mv", "ds"], "budgets": [0.5] }""", "poisoning[0].substitutes[2]: 'ds' is given twice")]
    [InlineData("""{ "answers": ["subpac/temp"], "attacks": ["flip"], "malicious": [5, 2, 5], "budgets": [0.5] }""", "poisoning[0].malicious[2]: '5' is given twice")]
    [InlineData("""{ "answers": ["subpac/temp"], "attacks": ["flip"], "budgets": [0.2, 0.20] }""", "poisoning[0].budgets[1]: '0.2' is given twice")]
    [InlineData("""{ "answers": ["subpac/temp"], "attacks": ["flip"], "budgets": ["average", "AVERAGE"] }""", "poisoning[0].budgets[1]: 'average' is given twice")]
    public void A_poisoning_block_refuses_a_value_listed_twice(string block, string expected)
    {
        var e = Assert.Throws<AlfcInputException>(() => GridSpec.Parse($$"""{ "poisoning": [ {{block}} ] }""", "grid.json", "g"));
        Assert.Equal("grid.json: " + expected, e.Message);
    }

    [Fact]
    public void Only_subpac_is_planned_under_every_substitute_the_baselines_once_under_ds_whatever_the_order()
    {
        static List<(string What, string Id)> Plan(string substitutes) =>
            GridSpec.Parse($$"""{ "poisoning": [ { "answers": ["subpac/temp"], "attacks": ["subpac", "flip", "ds-gradient"], "substitutes": {{substitutes}}, "budgets": [0.5] } ] }""", "grid.json", "g")
                .Expand().Select(t => ($"{((Core.Poisoning.PoisoningSpec)t.Spec).Attack}/{((Core.Poisoning.PoisoningSpec)t.Spec).Substitute}", t.Id)).OrderBy(t => t.Item1).ToList();
        var dsFirst = Plan("""["ds", "mv"]""");
        Assert.Equal(["ds-gradient/ds", "flip/ds", "subpac/ds", "subpac/mv"], dsFirst.Select(t => t.What));
        // The order of the list, or a list without ds, plans the same baseline trials under the same ids (a QA run saw
        // ["mv", "ds"] plan flip again under mv, beside the flip trials a store already held under ds).
        Assert.Equal(dsFirst, Plan("""["mv", "ds"]"""));
        var mvOnly = Plan("""["mv"]""");
        Assert.Equal(["ds-gradient/ds", "flip/ds", "subpac/mv"], mvOnly.Select(t => t.What));
        Assert.Equal(dsFirst.Where(t => !t.What.StartsWith("subpac/", StringComparison.Ordinal)), mvOnly.Where(t => !t.What.StartsWith("subpac/", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_grid_beyond_the_trial_bound_is_refused_with_its_size_before_it_is_expanded()
    {
        // 4 datasets x 6 methods, with alfc's 11 alphas: (5 + 11) x 4 = 64 trials per repetition; x 100000 = 6.4 million.
        const string huge = """
            { "name": "huge", "repetitions": 100000, "datasets": ["synthetic", "music", "labelme", "sentiment"],
              "methods": ["gt", "mv", "ds", "aggnet", "crowdlayer", "alfc"], "alphas": [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1] }
            """;
        Assert.Equal("grid.json: 6400000 trials, more than the 100000 a sweep may plan (fewer repetitions or a smaller grid)",
            Assert.Throws<AlfcInputException>(() => GridSpec.Parse(huge, "grid.json", "huge")).Message);
        // At the bound exactly a grid is read, and its size is known without expanding it; one trial more is refused.
        Assert.StartsWith("grid.json: 100002 trials,", Assert.Throws<AlfcInputException>(() => GridSpec.Parse(
            """{ "repetitions": 50001, "datasets": ["synthetic"], "methods": ["gt", "mv"] }""", "grid.json", "x")).Message);
        var bound = GridSpec.Parse("""{ "repetitions": 100000, "datasets": ["synthetic"], "methods": ["gt"] }""", "grid.json", "bound");
        Assert.Equal(100_000, bound.PlannedSize());
    }
}
