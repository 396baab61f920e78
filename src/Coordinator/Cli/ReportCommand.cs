using System.CommandLine;
using ALfc.Coordinator.Reports;
using ALfc.Coordinator.Store;
using ALfc.Core;
using ALfc.Core.Poisoning;
using ALfc.Core.Trials;
using ALfc.Core.Data;
using ALfc.Core.Data.Io;

namespace ALfc.Coordinator.Cli;

/// <summary>`alfc report`: the paper's tables and figures, with paired statistics, from any results store (finished or not).</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var store = new Option<string>("--store") { Description = "results store (SQLite)", DefaultValueFactory = _ => "alfc-results.db" };
        var output = new Option<string>("--out") { Description = "folder to write the report into", DefaultValueFactory = _ => "report" };
        var sweep = new Option<string?>("--sweep") { Description = "the sweep to report (needed when the store holds several)" };
        var data = new Option<string?>("--data") { Description = "data root, for Fig. 2's worker statistics (default: $ALFC_DATA, else ./data)" };
        var compare = new Option<string?>("--compare") { Description = "a second results store B: compare the sweep with B's, side by side per cell (compare.md, compare.csv)" };
        var against = new Option<string?>("--against") { Description = "the sweep of B to compare with (B is this store unless --compare names another)" };
        var command = new Command("report", "write tables, figures, paired statistics and index.html from a results store; with --compare or --against, two sweeps side by side")
        {
            store, output, sweep, data, compare, against,
        };
        command.SetAction(result => CliRunner.Run(() =>
        {
            var outDir = result.GetValue(output)!;
            ReportFolder.Check(outDir, "--out", [result.GetValue(store)!, .. result.GetValue(compare) is { } b ? new[] { b } : []]);
            var other = result.GetValue(compare) is not null || result.GetValue(against) is not null
                ? new Comparison(result.GetValue(compare) ?? result.GetValue(store)!, result.GetValue(against))
                : null;
            var written = Run(result.GetValue(store)!, outDir, result.GetValue(sweep), Core.Data.DatasetOptions.CheckDataRoot(result.GetValue(data)), other);
            Console.WriteLine(WrittenLine(outDir, written.Count));
            if (other is not null)
                Console.WriteLine($"comparison written to {Path.Combine(outDir, "compare.md")}: {File.ReadLines(Path.Combine(outDir, "compare.md")).First()}");
            return 0;
        }));
        return command;
    }

    /// <summary>The sweep to set beside the reported one: a store (maybe the same) and a sweep in it (null: its only one).</summary>
    internal sealed record Comparison(string StorePath, string? SweepId);

    /// <summary>What `alfc report` and `alfc sweep --report` say once a report is written.</summary>
    internal static string WrittenLine(string folder, int figures) =>
        $"report written to {Path.Combine(folder, "index.html")} ({Counted.Of(figures, "figure")})";

    internal static IReadOnlyList<FigureFile> Run(string storePath, string outputDirectory, string? sweepId, string? dataRoot, Comparison? comparison = null)
    {
        ReportModel? model;
        PoisoningTrials poisoning;
        Newtonsoft.Json.Linq.JObject provenance;
        string id;
        using (var store = ResultsStore.OpenReadOnly(storePath))
        {
            id = ReportModel.ResolveSweep(store, sweepId);
            model = ReportModel.LoadTraining(store, id);
            var kind = TrialKindRegistry.Default.Get(PoisoningSpec.KindName);
            var trials = store.Trials(id).Where(t => t.Kind == kind.Name).ToList();
            // A config this build cannot read (an older layout) plans no row; its record, if any, still counts.
            poisoning = new PoisoningTrials(trials.Select(t => TrialKindRegistry.Default.TryReadSpec(kind.Name, t.ConfigJson)).OfType<PoisoningSpec>().ToList(),
                trials.Where(t => t.RecordJson is not null).Select(t => (PoisoningResult)kind.ReadRecord(t.RecordJson!)).ToList());
            if ((model?.DoneTrials ?? 0) == 0 && poisoning.Done.Count == 0) throw AlfcInputException.In(store.Path, $"sweep '{id}' has no finished trial yet; nothing to report");
            provenance = Provenance.Collect(store, id, dataRoot);
        }
        (string Markdown, string Csv)? compared = null;
        if (comparison is not null)
        {
            if (model is not { DoneTrials: > 0 }) throw AlfcInputException.In(storePath, $"sweep '{id}' has no finished training trial; --compare compares training cells");
            using var other = ResultsStore.OpenReadOnly(comparison.StorePath);
            var otherId = ReportModel.ResolveSweep(other, comparison.SweepId, "--against");
            if (otherId == id && CanonicalPath.Of(other.Path) == CanonicalPath.Of(storePath))
                throw new AlfcInputException($"{(comparison.SweepId is null ? "--compare" : "--against")}: sweep '{id}' of {storePath} is the one being reported; name another sweep or store");
            var against = ReportModel.LoadTraining(other, otherId) is { DoneTrials: > 0 } b ? b : throw new AlfcInputException($"{(comparison.SweepId is null ? "--compare" : "--against")}: sweep '{otherId}' of {comparison.StorePath} has no finished training trial; --compare compares training cells");
            compared = SweepComparison.Write(model, $"{id} ({storePath})", against, $"{otherId} ({comparison.StorePath})");
        }
        try
        {
            ReportFolder.Mark(outputDirectory);
            // Everything an earlier report wrote goes first (its index.html among it, which comes back last), so a report
            // stopped half-way (SIGTERM) shows no index.html rather than an old one beside new tables, and no table,
            // figure or comparison of another sweep stays beside this one.
            var kept = ReportFolder.ClearPrevious(outputDirectory);
            if (compared is { } c)
            {
                File.WriteAllText(Path.Combine(outputDirectory, "compare.md"), c.Markdown);
                File.WriteAllText(Path.Combine(outputDirectory, "compare.csv"), c.Csv);
            }
            var figures = ReportWriter.Write(id, model, poisoning, outputDirectory, name => TryLoad(name, dataRoot), provenance, compared?.Markdown);
            ReportFolder.WriteManifest(outputDirectory, kept);
            return figures;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw AlfcInputException.In(outputDirectory, $"cannot write the report there: {e.Message.Split('\n')[0]}");
        }
    }

    /// <summary>Fig. 2 needs the crowd itself; a dataset that is not available here is left out of it, not an error.</summary>
    private static CrowdDataset? TryLoad(string name, string? dataRoot)
    {
        try
        {
            return DatasetCatalog.Load(name, new DatasetOptions { DataRoot = dataRoot, Scaling = FeatureScaling.None });
        }
        catch (AlfcInputException)
        {
            return null;
        }
    }
}
