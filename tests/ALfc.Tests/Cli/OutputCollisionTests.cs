using ALfc.Tests.Reports;

namespace ALfc.Tests.Cli;

/// <summary>
/// An output must never land on an input it is made from: `export --force` over the store it exports (under the
/// store's own name, or its final name through a link), a store kept inside the folder a report writes into, the same
/// sweep compared with itself through another path. Each was accepted before and destroyed the store.
/// </summary>
public class OutputCollisionTests
{
    [Fact]
    public void Export_force_refuses_to_write_over_the_store_it_exports_by_any_name()
    {
        var store = ReportTests.KnownStore();
        var dir = Path.GetDirectoryName(store)!;
        var asCsv = Path.Combine(dir, "results.csv");
        File.Copy(store, asCsv);
        var before = File.ReadAllBytes(asCsv);
        var outcome = AlfcProcess.Run("export", "--store", asCsv, "--out", asCsv, "--force");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"alfc: error: --out {asCsv}: is the results store being exported, or its lock or log; choose another name", outcome.Stderr.Trim());

        // Through a link: the store is reached as link.csv, the output names the file behind it.
        File.CreateSymbolicLink(Path.Combine(dir, "link.csv"), asCsv);
        outcome = AlfcProcess.Run("export", "--store", Path.Combine(dir, "link.csv"), "--out", asCsv, "--force");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("is the results store being exported", outcome.Stderr);
        Assert.Equal(before, File.ReadAllBytes(asCsv));
    }

    [Fact]
    public void A_report_refuses_a_folder_that_holds_its_own_store_and_a_comparison_of_a_sweep_with_itself()
    {
        var store = ReportTests.KnownStore();
        var dir = Path.GetDirectoryName(store)!;
        var report = Path.Combine(dir, "report");
        Assert.Equal(0, AlfcProcess.Run("report", "--store", store, "--out", report).ExitCode);
        var inside = Path.Combine(report, "headline.md");
        File.Copy(store, inside, overwrite: true);
        var before = File.ReadAllBytes(inside);
        var outcome = AlfcProcess.Run("report", "--store", inside, "--out", report);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"alfc: error: --out {report}: the results store {inside} is inside it, where a report writes its files; keep stores out of report folders", outcome.Stderr.Trim());
        Assert.Equal(before, File.ReadAllBytes(inside));

        File.CreateSymbolicLink(Path.Combine(dir, "alias.db"), store);
        outcome = AlfcProcess.Run("report", "--store", store, "--compare", Path.Combine(dir, "alias.db"), "--out", Path.Combine(dir, "other"));
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"alfc: error: --compare: sweep 'k' of {store} is the one being reported; name another sweep or store", outcome.Stderr.Trim());
    }

    [Fact]
    public void A_report_rewritten_without_a_comparison_drops_the_earlier_comparison_files()
    {
        var store = ReportTests.KnownStore();
        var dir = Path.GetDirectoryName(store)!;
        var other = Path.Combine(dir, "b.db");
        File.Copy(store, other);
        var report = Path.Combine(dir, "report");
        Assert.Equal(0, AlfcProcess.Run("report", "--store", store, "--compare", other, "--out", report).ExitCode);
        Assert.True(File.Exists(Path.Combine(report, "compare.md")));
        Assert.Equal(0, AlfcProcess.Run("report", "--store", store, "--out", report).ExitCode);
        Assert.False(File.Exists(Path.Combine(report, "compare.md")));
        Assert.False(File.Exists(Path.Combine(report, "compare.csv")));
        Assert.True(File.Exists(Path.Combine(report, "index.html")));
    }
}
