using System.Diagnostics;

namespace ALfc.Tests.Cli;

/// <summary>
/// Inputs that are not ordinary files: a FIFO (opening it for reading blocks until someone writes), a character device
/// (/dev/zero never ends) and a file far larger than any input of its kind. Each is one line naming the file, exit 2,
/// at once: before, a FIFO hung the command and /dev/zero ran it out of memory after 4 GB. Also a file where the
/// feature cache's folder belongs.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // FIFOs
public class NonRegularInputTests
{
    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    private static void AssertRefused(AlfcProcess.Outcome outcome, string path, string problem)
    {
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"alfc: error: {path}: {problem}", outcome.Stderr.Trim());
    }

    private const string NotRegular = "is not a regular file (a pipe, device or socket); give a file";

    [Fact]
    public void A_fifo_or_a_device_where_a_data_file_belongs_is_refused_without_blocking()
    {
        var root = TestPaths.NewScratchDirectory();
        var music = Directory.CreateDirectory(Path.Combine(root, "music")).FullName;
        var gold = Path.Combine(music, "music_genre_gold.csv");
        MakeFifo(gold);
        AssertRefused(AlfcProcess.Run(new AlfcProcess.Invocation("alfc", ["data", "--dataset", "music", "--data", root]) { Timeout = TimeSpan.FromSeconds(60) }), gold, NotRegular);

        var set = Directory.CreateDirectory(Path.Combine(root, "set")).FullName;
        File.WriteAllText(Path.Combine(set, "answer.csv"), "question,worker,answer\n1,1,0\n1,2,1\n2,1,1\n2,2,1\n");
        AssertRefused(AlfcProcess.Run(new AlfcProcess.Invocation("alfc", ["victims", "--answers", set, "--poisoned", "/dev/zero"]) { Timeout = TimeSpan.FromSeconds(60) }),
            "/dev/zero", NotRegular);

        var grid = Path.Combine(root, "g.json");
        MakeFifo(grid);
        AssertRefused(AlfcProcess.Run(new AlfcProcess.Invocation("alfc", ["grid", "show", "--grid", grid]) { Timeout = TimeSpan.FromSeconds(60) }), grid, NotRegular);
    }

    [Fact]
    public void A_fifo_named_as_the_store_is_refused_by_every_command_without_blocking()
    {
        // It was called "an empty file" (a pipe has no length), and the sweep's store check let it through.
        var store = Path.Combine(TestPaths.NewScratchDirectory(), "r.db");
        MakeFifo(store);
        const string problem = "is not a regular file (a pipe, device or socket), not an ALfc results store";
        foreach (var args in new[] { new[] { "status", "--store", store }, ["report", "--store", store], ["export", "--store", store, "--out", store + ".csv"], ["sweep", "--preset", "quick", "--store", store, "--dry-run"] })
            AssertRefused(AlfcProcess.Run(new AlfcProcess.Invocation("alfc", args) { Timeout = TimeSpan.FromSeconds(60) }), store, problem);
        Assert.Equal(["r.db"], Directory.GetFileSystemEntries(Path.GetDirectoryName(store)!).Select(Path.GetFileName));
    }

    [Fact]
    public void A_text_input_past_its_size_limit_is_refused_before_it_is_read()
    {
        var set = TestPaths.NewScratchDirectory();
        File.WriteAllText(Path.Combine(set, "answer.csv"), "question,worker,answer\n1,1,0\n1,2,1\n2,1,1\n2,2,1\n");
        var huge = Path.Combine(set, "huge.csv");
        using (var file = File.Create(huge)) file.SetLength(ALfc.Core.Data.Io.InputFile.MaxTextBytes + 1); // sparse: no disk used
        AssertRefused(AlfcProcess.Run("victims", "--answers", set, "--poisoned", huge), huge,
            $"is {ALfc.Core.Data.Io.InputFile.MaxTextBytes + 1} bytes, more than the {ALfc.Core.Data.Io.InputFile.MaxTextBytes} bytes an input of this kind may have");
    }

    [Fact]
    public void A_feature_cache_that_cannot_hold_entries_is_named_with_ALFC_CACHE_before_any_features_are_computed()
    {
        var root = Data.LoaderFixtures.SentimentText();
        var file = Path.Combine(root, "not-a-folder");
        File.WriteAllText(file, "someone's notes\n");
        foreach (var cache in new[] { file, Path.Combine(file, "sub") })
        {
            var outcome = AlfcProcess.Run(new Dictionary<string, string> { ["ALFC_CACHE"] = cache }, "data", "--dataset", "sentiment", "--data", root, "--lsa-dims", "2");
            Assert.Equal(2, outcome.ExitCode);
            Assert.StartsWith($"alfc: error: {cache}: feature cache: ", outcome.Stderr.Trim());
            Assert.EndsWith("(set ALFC_CACHE to a writable folder)", outcome.Stderr.Trim());
        }
        Assert.Equal("someone's notes\n", File.ReadAllText(file));
    }

    /// <summary>A grid of one quick synthetic trial, written as g.json in <paramref name="dir"/>.</summary>
    private static string OneTrialGrid(string dir)
    {
        var grid = Path.Combine(dir, "g.json");
        File.WriteAllText(grid, """{ "datasets": ["synthetic"], "methods": ["mv"], "epochs": 1, "attacks": ["fgsm"], "eps": { "synthetic": [0.01] } }""");
        return grid;
    }

    [Fact]
    public void A_black_box_cache_budget_that_is_not_whole_megabytes_is_one_line_naming_the_variable_before_anything_runs()
    {
        var dir = TestPaths.NewScratchDirectory();
        var grid = OneTrialGrid(dir);
        var store = Path.Combine(dir, "r.db");
        var environment = new Dictionary<string, string> { [ALfc.Core.Evaluation.BlackBoxInputCache.BudgetVariable] = "4 GB" };
        foreach (var args in new[] { new[] { "train", "--dataset", "synthetic", "--method", "mv", "--epochs", "1" }, ["sweep", "--grid", grid, "--store", store] })
        {
            var outcome = AlfcProcess.Run(environment, args);
            Assert.Equal(2, outcome.ExitCode);
            Assert.Equal($"alfc: error: {ALfc.Core.Evaluation.BlackBoxInputCache.BudgetVariable}: '4 GB' is not a whole number of MB (0 turns the black-box input cache off)",
                outcome.Stderr.Trim());
            Assert.Equal("", outcome.Stdout);
        }
        Assert.Equal(["g.json"], Directory.GetFiles(dir).Select(Path.GetFileName));
    }

    [Fact]
    public void A_fifo_where_a_stores_log_belongs_is_refused_and_nothing_is_written()
    {
        var dir = TestPaths.NewScratchDirectory();
        var grid = OneTrialGrid(dir);
        var log = Path.Combine(dir, "r.log");
        MakeFifo(log);
        var outcome = AlfcProcess.Run(new AlfcProcess.Invocation("alfc", ["sweep", "--grid", grid, "--store", Path.Combine(dir, "r.db")]) { Timeout = TimeSpan.FromSeconds(60) });
        AssertRefused(outcome, log, "is not a regular file (a pipe, device or socket), where the store's log belongs; ALfc writes only its own files (remove it)");
        Assert.Equal(["g.json", "r.log"], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Export_force_replaces_only_a_file_never_a_fifo_or_a_link_to_one()
    {
        var dir = TestPaths.NewScratchDirectory();
        var storePath = Path.Combine(dir, "r.db");
        using (var store = ALfc.Coordinator.Store.ResultsStore.OpenForWriting(storePath, ALfc.Core.Trials.TrialKindRegistry.Default))
        {
            var grid = ALfc.Coordinator.Sweeps.GridSpec.Parse("""{ "name": "g", "datasets": ["synthetic"], "methods": ["mv"] }""", "g.json", "g");
            store.Register(new ALfc.Coordinator.Sweeps.SweepPlan("g", grid.Json, grid.Expand()));
        }
        var fifo = Path.Combine(dir, "cells.csv");
        MakeFifo(fifo);
        var link = Path.Combine(dir, "link.csv");
        File.CreateSymbolicLink(link, fifo);
        foreach (var target in new[] { fifo, link })
        {
            var outcome = AlfcProcess.Run(new AlfcProcess.Invocation("alfc", ["export", "--store", storePath, "--out", target, "--force"]) { Timeout = TimeSpan.FromSeconds(60) });
            Assert.Equal((2, $"alfc: error: --out: {target}: is not a regular file (a pipe, device or socket); only a file is replaced (choose another name)"),
                (outcome.ExitCode, outcome.Stderr.Trim()));
        }
        Assert.True(new FileInfo(link).LinkTarget == fifo);
        Assert.Equal(["cells.csv", "link.csv", "r.db"], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).Order());
    }
}
