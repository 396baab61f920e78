using System.Security.Cryptography;
using ALfc.Tests.Reports;

namespace ALfc.Tests.Cli;

/// <summary>`alfc grid show` and `alfc sweep --dry-run` say what a grid would run and write nothing; the help says what each command takes.</summary>
public class GridPreviewTests
{
    /// <summary>Every file of a folder with the SHA-256 of its bytes, to prove a command left them as they were.</summary>
    private static Dictionary<string, string> Snapshot(string directory) =>
        Directory.GetFiles(directory).ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    [Fact]
    public void Grid_show_counts_trials_per_dataset_and_method_and_creates_no_store()
    {
        var store = Path.Combine(TestPaths.NewScratchDirectory(), "none.db");
        var run = AlfcProcess.Run("grid", "show", "--preset", "quick", "--store", store);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("grid 'quick' (preset 'quick'): 30 trials, 5 repetition(s) from seed 0", run.Stdout);
        Assert.Contains($"store {store} does not exist yet: 0 of 30 already done, 30 to run", run.Stdout);
        Assert.Matches(@"synthetic\s+0/5\s+0/5\s+0/5\s+0/5\s+0/5\s+0/5\s+0/30", run.Stdout);
        // The expanded config fills in what the preset leaves to the dataset: the test eps list and A-LFC's training eps.
        Assert.Matches(@"evaluation_epsilons\s+0\.001, 0\.0025, 0\.005, 0\.01, 0\.015, 0\.02, 0\.025, 0\.03", run.Stdout);
        Assert.Matches(@"seed\s+0\.\.4 \(5 values\)", run.Stdout);
        Assert.False(File.Exists(store));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(store)!));
    }

    /// <summary>An "average" budget showed as "budget null", a baseline's absent SubPac settings as a "subPac null" row, and one trial as "1 trials".</summary>
    [Fact]
    public void Grid_show_names_the_average_budget_and_leaves_out_a_null_parent_of_subpac_settings()
    {
        var grid = Path.Combine(TestPaths.NewScratchDirectory(), "p.json");
        File.WriteAllText(grid, """{ "name": "p", "poisoning": [ { "answers": ["subpac/temp"], "attacks": ["subpac", "flip"], "budgets": ["average"] } ] }""");
        var run = AlfcProcess.Run("grid", "show", "--grid", grid);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Matches(@"\n\s+budget\s+average\r?\n", run.Stdout);
        Assert.Matches(@"subPac_objective\s+Margin", run.Stdout);
        Assert.DoesNotMatch(@"\n\s+subPac\s+null", run.Stdout);
        File.WriteAllText(grid, """{ "name": "p", "poisoning": [ { "answers": ["subpac/temp"], "attacks": ["flip"], "budgets": [0.5] } ] }""");
        run = AlfcProcess.Run("grid", "show", "--grid", grid);
        Assert.Contains($"grid 'p' (grid file {grid}): 1 trial, 1 repetition(s) from seed 0", run.Stdout);
        Assert.Contains("poison / subpac/temp (1 trial)", run.Stdout);
    }

    [Fact]
    public void A_dry_run_counts_what_the_store_already_holds_and_leaves_it_byte_identical()
    {
        var store = ReportTests.KnownStore();
        var directory = Path.GetDirectoryName(store)!;
        // The grid the known store was made from; 8 of its 9 trials are done (mv's third repetition is not).
        var grid = Path.Combine(directory, "k.json");
        File.WriteAllText(grid, """{ "name": "k", "datasets": ["synthetic"], "methods": ["mv", "crowdlayer", "alfc"], "repetitions": 3, "attacks": ["pgd"], "eps": { "synthetic": [0.01, 0.03] } }""");
        var before = Snapshot(directory);
        var run = AlfcProcess.Run("sweep", "--grid", grid, "--store", store, "--dry-run");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains($"store {store}: 8 of 9 already done, 1 to run", run.Stdout);
        Assert.Matches(@"synthetic\s+2/3\s+3/3\s+3/3\s+8/9", run.Stdout);
        Assert.Contains("dry run: nothing was run or written.", run.Stdout);
        Assert.Equal(before, Snapshot(directory));

        // While a sweep holds the store, the preview says the real run would be refused (it once said only "1 to run").
        using (Coordinator.Store.StoreLock.Acquire(store))
        {
            run = AlfcProcess.Run("sweep", "--grid", grid, "--store", store, "--dry-run");
            Assert.True(run.ExitCode == 0, run.Stderr);
            Assert.Contains($"store {store} (in use by a running sweep now: a sweep on it is refused until that one ends): 8 of 9 already done, 1 to run", run.Stdout);
        }
    }

    [Fact]
    public void Repetitions_and_base_seed_flags_replace_the_presets_own_and_a_store_keeps_the_repetitions_it_has()
    {
        var run = AlfcProcess.Run("grid", "show", "--preset", "quick", "--repetitions", "2", "--base-seed", "7");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("grid 'quick' (preset 'quick'): 12 trials, 2 repetition(s) from seed 7", run.Stdout);
        Assert.Matches(@"\n\s+seed\s+7 \| 8\n", run.Stdout);

        // The known store holds repetitions 0-2 of every method but mv's third: 2 repetitions are all there, 4 add one each.
        var store = ReportTests.KnownStore();
        var directory = Path.GetDirectoryName(store)!;
        var grid = Path.Combine(directory, "k.json");
        File.WriteAllText(grid, """{ "name": "k", "datasets": ["synthetic"], "methods": ["mv", "crowdlayer", "alfc"], "repetitions": 3, "attacks": ["pgd"], "eps": { "synthetic": [0.01, 0.03] } }""");
        var before = Snapshot(directory);
        run = AlfcProcess.Run("sweep", "--grid", grid, "--store", store, "--repetitions", "2", "--dry-run");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains($"store {store}: 6 of 6 already done, 0 to run", run.Stdout);
        run = AlfcProcess.Run("sweep", "--grid", grid, "--store", store, "--repetitions", "4", "--dry-run");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains($"store {store}: 8 of 12 already done, 4 to run", run.Stdout);
        Assert.Equal(before, Snapshot(directory));

        // The trial bound counts the repetitions asked for, and names the flag.
        run = AlfcProcess.Run("grid", "show", "--preset", "paper", "--repetitions", "5000");
        Assert.Equal((2, "alfc: error: --repetitions: 5000 repetitions of preset 'paper' make 255000 trials, more than the 100000 a sweep may plan"),
            (run.ExitCode, run.Stderr.Trim()));
    }

    [Theory]
    [InlineData(new string[0], "no LabelMe layout found")]
    [InlineData(new[] { "LabelMe_VGG_avg_train.npy" }, "answers.txt: file not found")]
    [InlineData(new[] { "data_train_vgg16.npy", "answers.npy", "labels_train.npy" }, "labels_test.npy: file not found")]
    public void A_dry_run_names_the_first_file_a_dataset_layout_lacks(string[] present, string expected)
    {
        // The folder is there but incomplete: found before any work, as the load would find it after minutes of it.
        var dir = TestPaths.NewScratchDirectory();
        var labelme = Directory.CreateDirectory(Path.Combine(dir, "labelme")).FullName;
        foreach (var file in present) File.WriteAllText(Path.Combine(labelme, file), "");
        var grid = Path.Combine(dir, "g.json");
        File.WriteAllText(grid, """{ "datasets": ["labelme"], "methods": ["mv"] }""");
        var run = AlfcProcess.Run("sweep", "--grid", grid, "--store", Path.Combine(dir, "r.db"), "--data", dir, "--dry-run");
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("alfc: error: ", run.Stderr.Trim());
        Assert.Contains(expected, run.Stderr);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void A_dry_run_finds_a_missing_dataset_folder_or_answer_set_as_the_run_would_and_writes_nothing()
    {
        var dir = TestPaths.NewScratchDirectory();
        var store = Path.Combine(dir, "r.db");
        var grid = Path.Combine(dir, "g.json");
        File.WriteAllText(grid, """{ "datasets": ["music"], "methods": ["mv"] }""");
        var run = AlfcProcess.Run("sweep", "--grid", grid, "--store", store, "--data", dir, "--dry-run");
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"alfc: error: {Path.Combine(dir, "music")}: dataset folder not found", run.Stderr.Trim());
        Assert.Equal("", run.Stdout);

        run = AlfcProcess.Run("sweep", "--preset", "subpac-exp2", "--store", store, "--data", dir, "--dry-run");
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"alfc: error: {Path.Combine(dir, "subpac", "datasets", "temp")}: answer-set folder not found", run.Stderr.Trim());

        // A coordinator with no slots of its own reads no data, in a dry run as in the run.
        run = AlfcProcess.Run("sweep", "--grid", grid, "--store", store, "--data", dir, "--slots", "0", "--listen", "127.0.0.1:" + FreePorts.Next(), "--dry-run");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal([], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).Except(["g.json"]));
    }

    [Fact]
    public void A_description_with_control_characters_is_shown_escaped_on_its_one_line()
    {
        var dir = TestPaths.NewScratchDirectory();
        var grid = Path.Combine(dir, "g.json");
        File.WriteAllText(grid, """{ "datasets": ["synthetic"], "methods": ["mv"], "description": "red \u001b[31mtext\nsecond line" }""");
        var show = AlfcProcess.Run("grid", "show", "--grid", grid);
        Assert.True(show.ExitCode == 0, show.Stderr);
        Assert.Equal("  red \\u001b[31mtext\\nsecond line", show.Stdout.Split('\n')[1]);
        Assert.DoesNotContain('\u001b', show.Stdout);
    }

    [Fact]
    public void Help_lists_every_preset_with_its_size_marks_the_grid_choice_and_offers_each_command_only_its_options()
    {
        var sweep = AlfcProcess.Run("sweep", "--help");
        Assert.Equal(0, sweep.ExitCode);
        foreach (var (preset, trials) in new[] { ("quick", 30), ("paper", 2400), ("subpac-exp1", 108), ("subpac-exp2", 12), ("subpac-exp3", 12) })
            Assert.Matches($@"\n\s+{preset}\s+{trials} trials\s+\S", sweep.Stdout);
        Assert.Contains("--grid <grid>", sweep.Stdout);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(sweep.Stdout, @"\[one of --grid or --preset is required\]").Count);
        Assert.Contains("--dry-run", sweep.Stdout);

        var aggregate = AlfcProcess.Run("aggregate", "--help");
        Assert.Equal(0, aggregate.ExitCode);
        Assert.Contains("--dataset", aggregate.Stdout);
        Assert.DoesNotContain("--scale", aggregate.Stdout);
        Assert.DoesNotContain("--lsa-dims", aggregate.Stdout);
        var unknown = AlfcProcess.Run("aggregate", "--scale", "zscore");
        Assert.Equal(2, unknown.ExitCode);

        var neither = AlfcProcess.Run("grid", "show");
        Assert.Equal((2, "alfc: error: give --grid FILE or --preset NAME"), (neither.ExitCode, neither.Stderr.Trim()));
    }
}
