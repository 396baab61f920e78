namespace ALfc.Tests.Cli;

/// <summary>
/// A grid that asks for too much is refused as it is read: at once, in one line naming the file, and within a small heap.
/// The process runs under a GC heap limit of 128 MiB, so a grid that were expanded (a million trial specs are about a
/// gigabyte) would die of it rather than pass; the time bound is generous (the refusal takes well under a second) so
/// a loaded machine cannot make it flaky.
/// </summary>
public class ResourceLimitTests
{
    [Theory]
    [InlineData("""{ "repetitions": 1000000000, "datasets": ["synthetic"], "methods": ["mv"] }""", "repetitions: must be from 1 to 100000, got 1000000000")]
    [InlineData("""{ "repetitions": 100000, "datasets": ["synthetic", "music", "labelme", "sentiment"], "methods": ["gt", "mv", "ds", "aggnet", "crowdlayer", "alfc"], "alphas": [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1] }""", "6400000 trials, more than the 100000")]
    public void A_grid_of_a_billion_trials_is_refused_at_once_in_bounded_memory(string json, string says)
    {
        var dir = TestPaths.NewScratchDirectory();
        var grid = Path.Combine(dir, "huge.json");
        File.WriteAllText(grid, json);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var outcome = AlfcProcess.Run(new AlfcProcess.Invocation("alfc", ["sweep", "--grid", grid, "--store", Path.Combine(dir, "r.db")])
        {
            Environment = new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x8000000" },
            Timeout = TimeSpan.FromSeconds(30),
        });
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"alfc: error: {grid}: {says}", Assert.Single(outcome.StderrLines).Split(" (")[0].Split(" a sweep")[0].TrimEnd());
        Assert.Equal(["huge.json"], Directory.GetFiles(dir).Select(Path.GetFileName));
    }
}
