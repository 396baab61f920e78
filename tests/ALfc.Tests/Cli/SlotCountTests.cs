using ALfc.Coordinator.Store;
using Newtonsoft.Json.Linq;

namespace ALfc.Tests.Cli;

/// <summary>
/// The one-thread rule (CpuParallelism): a trial's record must not depend on how many slots its node has. The same
/// grid is run by a 1-slot and a 3-slot sweep; every record must be identical apart from timings and the node name.
/// </summary>
[Collection("cluster")]
public class SlotCountTests
{
    private const string Grid = """
        { "name": "slots", "datasets": ["synthetic"], "methods": ["mv", "ds", "alfc"], "repetitions": 2, "epochs": 3,
          "attacks": ["fgsm", "pgd"], "eps": { "synthetic": [0.05] } }
        """;

    [Fact]
    public void A_trial_gives_the_same_record_on_a_one_slot_and_a_three_slot_node()
    {
        var dir = TestPaths.NewScratchDirectory();
        var grid = Path.Combine(dir, "grid.json");
        File.WriteAllText(grid, Grid);
        var one = Run(dir, grid, "1");
        var three = Run(dir, grid, "3");
        Assert.Equal(6, one.Count);
        Assert.Equal(one.Keys.Order(), three.Keys.Order());
        foreach (var (id, record) in one) Assert.Equal(record, three[id]);
    }

    [Fact]
    public void Threads_must_be_at_least_one()
    {
        var outcome = AlfcProcess.Run("sweep", "--preset", "quick", "--threads", "0", "--store", Path.Combine(TestPaths.NewScratchDirectory(), "r.db"));
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("alfc: error: --threads: must be at least 1, got 0", outcome.Stderr.Trim());
    }

    /// <summary>Runs the grid into its own store and returns each trial's record without what may differ between runs.</summary>
    private static Dictionary<string, string> Run(string dir, string grid, string slots)
    {
        var store = Path.Combine(dir, $"slots-{slots}.db");
        var outcome = AlfcProcess.Run("sweep", "--grid", grid, "--store", store, "--slots", slots);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains($"up with {slots} trainer slot(s) on cpu", outcome.Stderr);
        Assert.Contains("cpu, 1 libtorch thread(s) each", outcome.Stderr);
        using var results = ResultsStore.OpenReadOnly(store);
        return results.Trials(results.SweepIds().Single()).ToDictionary(t => t.Id, t =>
        {
            var record = JObject.Parse(t.RecordJson!);
            foreach (var timing in new[] { "trainSeconds", "evalSeconds" }) record.Remove(timing);
            return record.ToString();
        });
    }
}
