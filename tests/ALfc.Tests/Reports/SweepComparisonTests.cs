using ALfc.Coordinator.Store;
using ALfc.Coordinator.Sweeps;
using ALfc.Core.Trials;
using ALfc.Tests.Cli;
using Microsoft.Data.Sqlite;

namespace ALfc.Tests.Reports;

/// <summary>`alfc report --compare B.db` sets two sweeps side by side per cell, with the paired difference.</summary>
public class SweepComparisonTests
{
    /// <summary>The known store as A, and beside it B: a copy changed by <paramref name="sql"/> (which, given <paramref name="rows"/>, must touch that many rows).</summary>
    private static (string A, string B) KnownAnd(string sql, int? rows = null)
    {
        var a = ReportTests.KnownStore();
        var b = Path.Combine(Path.GetDirectoryName(a)!, "b.db");
        File.Copy(a, b);
        using var connection = new SqliteConnection($"Data Source={b};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        int changed = command.ExecuteNonQuery();
        if (rows is { } expected) Assert.Equal(expected, changed);
        return (a, b);
    }

    [Fact]
    public void Compare_shows_both_means_and_the_paired_difference_per_cell_and_refuses_a_sweep_against_itself()
    {
        // B: A-LFC 0.05 better in the white-box PGD cell at eps 0.01 in every repetition (0.85, 0.75, 0.95), clean unchanged.
        var (a, b) = KnownAnd("""
            UPDATE results SET record_json = json_set(record_json, '$.white.pgd."0.01"', json_extract(record_json, '$.white.pgd."0.01"') + 0.05)
            WHERE json_extract(record_json, '$.method') = 'alfc'
            """, rows: 3);
        var output = Path.Combine(Path.GetDirectoryName(a)!, "report");
        var run = AlfcProcess.Run("report", "--store", a, "--compare", b, "--out", output);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var markdown = File.ReadAllText(Path.Combine(output, "compare.md"));
        Assert.Contains("| 0.01 | 0.500 → 0.500, 0.000 ± 0.000 (n=2) | 0.600 → 0.600, 0.000 ± 0.000 (n=3) | 0.800 → 0.850, +0.050 ± 0.000 (n=3) |", markdown);
        // Clean accuracy heads the table (alfc's clean is white + 0.1: 0.9, 0.8, 1.0).
        Assert.Contains("| 0 (clean) | 0.600 → 0.600, 0.000 ± 0.000 (n=2) | 0.700 → 0.700, 0.000 ± 0.000 (n=3) | 0.900 → 0.900, 0.000 ± 0.000 (n=3) |", markdown);
        var line = File.ReadAllLines(Path.Combine(output, "compare.csv")).Single(l => l.StartsWith("synthetic,white,pgd,0.01,alfc,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(0.05, double.Parse(line[9], System.Globalization.CultureInfo.InvariantCulture), 12); // difference B - A
        Assert.Equal("3", line[10]); // paired over all three seeds
        Assert.Contains("Comparison with another sweep", File.ReadAllText(Path.Combine(output, "index.html")));

        var itself = AlfcProcess.Run("report", "--store", a, "--against", "k", "--out", output);
        Assert.Equal(2, itself.ExitCode);
        Assert.StartsWith("alfc: error: --against: sweep 'k'", itself.Stderr);

        // A compared store of several sweeps: the hint names --against, the flag that picks a sweep there (it said --sweep).
        var several = Path.Combine(Path.GetDirectoryName(a)!, "several.db");
        using (var store = ResultsStore.OpenForWriting(several, TrialKindRegistry.Default))
            foreach (var name in new[] { "x", "y" })
            {
                var grid = GridSpec.Parse($$"""{ "name": "{{name}}", "datasets": ["synthetic"], "methods": ["mv"] }""", "g", name);
                store.Register(new SweepPlan(grid.Name, grid.Json, grid.Expand()));
            }
        var ambiguous = AlfcProcess.Run("report", "--store", a, "--compare", several, "--out", output);
        Assert.Equal((2, $"alfc: error: {several}: holds several sweeps (x, y); choose one with --against"), (ambiguous.ExitCode, ambiguous.Stderr.Trim()));
    }

    [Fact]
    public void Sweeps_of_other_seeds_compare_unpaired_in_both_files_and_what_only_one_has_is_named()
    {
        // A: seeds of repetitions 0-2 (mv missing its third). B: the same store with alfc's third repetition removed, so
        // alfc's seeds differ (3 against 2): its cell is unpaired, the difference of the means, with no CI anywhere.
        var (a, b) = KnownAnd("""
            DELETE FROM results WHERE json_extract(record_json, '$.method') = 'alfc' AND json_extract(record_json, '$.white.pgd."0.01"') = 0.9;
            UPDATE results SET record_json = json_set(record_json, '$.white.fgsm', json('{"0.01": 0.5}'));
            """);
        var output = Path.Combine(Path.GetDirectoryName(a)!, "report");
        Assert.Equal(0, AlfcProcess.Run("report", "--store", a, "--compare", b, "--out", output).ExitCode);
        var markdown = File.ReadAllText(Path.Combine(output, "compare.md"));
        // A: 0.8, 0.7, 0.9 (mean 0.8); B: 0.8, 0.7 (mean 0.75): -0.05, unpaired.
        Assert.Contains("0.800 → 0.750, -0.050 (unpaired) |", markdown);
        var line = File.ReadAllLines(Path.Combine(output, "compare.csv")).Single(l => l.StartsWith("synthetic,white,pgd,0.01,alfc,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(-0.05, double.Parse(line[9], System.Globalization.CultureInfo.InvariantCulture), 12);
        Assert.Equal(["", "", ""], line[10..13]); // no pairs, no interval: as the Markdown says
        Assert.Contains("attacks only in B: fgsm (not compared).", markdown);
    }
}
