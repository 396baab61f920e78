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

    /// <summary>
    /// A file the user added to a report folder under a name a report writes, which the last report did not write (a
    /// copied report with notes in poisoning.md, a table of their own), was written over; it is refused before any work.
    /// Files of other names stay, as before.
    /// </summary>
    [Fact]
    public void A_report_refuses_to_write_over_a_file_added_under_one_of_its_names_and_keeps_other_added_files()
    {
        var store = ReportTests.KnownStore();
        var report = Path.Combine(Path.GetDirectoryName(store)!, "report");
        Assert.Equal(0, AlfcProcess.Run("report", "--store", store, "--out", report).ExitCode);
        File.WriteAllText(Path.Combine(report, "notes.txt"), "mine");
        Assert.Equal(0, AlfcProcess.Run("report", "--store", store, "--out", report).ExitCode);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(report, "notes.txt")));
        foreach (var added in new[] { "poisoning.md", Path.Combine("tables", "synthetic-white-cw-margin.md") })
        {
            var path = Path.Combine(report, added);
            File.WriteAllText(path, "MY OWN NOTES");
            var before = File.GetLastWriteTimeUtc(Path.Combine(report, "index.html"));
            var outcome = AlfcProcess.Run("report", "--store", store, "--out", report);
            Assert.Equal((2, $"alfc: error: --out {report}: {added} was not written by the last report here (.alfc-report-files does not list it), and a report may write that name; move it, or name a new or empty folder"),
                (outcome.ExitCode, outcome.Stderr.Trim()));
            Assert.Equal("MY OWN NOTES", File.ReadAllText(path));
            Assert.Equal(before, File.GetLastWriteTimeUtc(Path.Combine(report, "index.html")));
            File.Delete(path);
        }
    }

    [Fact]
    public void Clearing_a_report_folder_removes_only_the_reports_own_files_and_never_leaves_it()
    {
        var root = TestPaths.NewScratchDirectory();
        var folder = Path.Combine(root, "report");
        ALfc.Coordinator.Reports.ReportFolder.Mark(folder);
        void Write(string relative)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(folder, relative))!);
            File.WriteAllText(Path.Combine(folder, relative), "x");
        }
        var outside = Path.Combine(root, "outside.txt");
        File.WriteAllText(outside, "keep");

        // No manifest (a report from before manifests, or one stopped before writing it): the report's own names go,
        // anything else stays, the user's figure under figures/ included.
        foreach (var f in new[] { "headline.md", "poisoning.csv", "figures/fig4-white.png", "figures/poison-reliability.svg", "tables/a.md", "figures/mine.png", "notes.txt" })
            Write(f);
        var kept = ALfc.Coordinator.Reports.ReportFolder.ClearPrevious(folder);
        Assert.Equal(["figures/mine.png", "notes.txt"], kept.Order(StringComparer.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(folder, "tables"))); // emptied, so gone

        // With a manifest: exactly what it lists, and never a line that leads out of the folder or to the marker.
        Write("headline.md");
        Write("figures/fig1-synthetic.png");
        ALfc.Coordinator.Reports.ReportFolder.WriteManifest(folder, kept);
        var manifest = Path.Combine(folder, ".alfc-report-files");
        Assert.Equal(["figures/fig1-synthetic.png", "headline.md"], File.ReadAllLines(manifest));
        File.AppendAllLines(manifest, ["../outside.txt", outside, ".alfc-report"]);
        ALfc.Coordinator.Reports.ReportFolder.ClearPrevious(folder);
        Assert.False(File.Exists(Path.Combine(folder, "headline.md")));
        Assert.False(File.Exists(Path.Combine(folder, "figures", "fig1-synthetic.png")));
        Assert.Equal("keep", File.ReadAllText(outside));
        Assert.True(File.Exists(Path.Combine(folder, ".alfc-report")));
        Assert.True(File.Exists(Path.Combine(folder, "figures", "mine.png")));
        // The manifest goes with the files it listed: a report stopped now leaves none, and the next clears by name.
        Assert.False(File.Exists(manifest));
    }
}
