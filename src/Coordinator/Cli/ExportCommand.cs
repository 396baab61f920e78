using System.CommandLine;
using ALfc.Coordinator.Export;
using ALfc.Coordinator.Reports;
using ALfc.Coordinator.Store;
using ALfc.Core;
using ALfc.Core.Data.Io;
using ALfc.Core.Trials;

namespace ALfc.Coordinator.Cli;

/// <summary>
/// `alfc export`: a sweep's finished trials as one tidy table (<see cref="TidyExport"/>), CSV or Parquet by the output's
/// extension, for pandas, R or DuckDB. The file is written beside its final name and moved into place, so a failed
/// export never leaves half a table under that name.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var store = new Option<string>("--store") { Description = "results store (SQLite)", DefaultValueFactory = _ => "alfc-results.db" };
        var sweep = new Option<string?>("--sweep") { Description = "the sweep to export (needed when the store holds several)" };
        var output = new Option<string>("--out") { Description = "output file: NAME.csv or NAME.parquet; must not exist yet unless --force", Required = true };
        var force = new Option<bool>("--force") { Description = "replace --out if it exists (a file; never a folder)" };
        var command = new Command("export", "write a sweep's results as one tidy table (a row per trial x box x attack x eps; per trial x victim for poisoning), CSV or Parquet")
        {
            store, sweep, output, force,
        };
        command.SetAction((result, cancellation) => CliRunner.RunCancellable(async () =>
        {
            var path = result.GetValue(output)!;
            var format = Path.GetExtension(path).ToLowerInvariant() switch
            {
                ".csv" => "csv",
                ".parquet" => "parquet",
                _ => throw new AlfcInputException($"--out {path}: name a .csv or .parquet file"),
            };
            // Claimed before the store is read, so an existing file or an unwritable folder is found first; written
            // to a hidden file beside it and moved into place, so a failed export leaves nothing under that name.
            // --force replaces a file, but never the store being exported or its companions (the same file under another path included).
            var storePath = result.GetValue(store)!;
            var target = CanonicalPath.Of(path);
            if (new[] { storePath, StoreFiles.LockOf(storePath), StoreFiles.LogOf(storePath) }.Any(f => CanonicalPath.Of(f) == target))
                throw new AlfcInputException($"--out {path}: is the results store being exported, or its lock or log; choose another name");
            using var pending = OutFile.Reserve(path, result.GetValue(force), "add --force to replace it, or choose another name");
            TidyTable table;
            string id;
            int trials;
            using (var results = ResultsStore.OpenReadOnly(result.GetValue(store)!))
            {
                id = ReportModel.ResolveSweep(results, result.GetValue(sweep));
                table = TidyExport.Build(results, id, TrialKindRegistry.Default);
                if (table.Rows.Count == 0) throw AlfcInputException.In(results.Path, $"sweep '{id}' has no finished trial yet; nothing to export");
                trials = table.Rows.Select(r => r[1]).Distinct().Count();
            }
            cancellation.ThrowIfCancellationRequested();
            try
            {
                if (format == "csv")
                {
                    await using var writer = new StreamWriter(pending.Content, new System.Text.UTF8Encoding(false), leaveOpen: true);
                    TidyCsv.Write(table, writer);
                }
                else await TidyParquet.Write(table, pending.Content);
                cancellation.ThrowIfCancellationRequested();
                pending.Commit();
            }
            catch (Exception e) when (PendingFile.IsWriteFailure(e))
            {
                throw pending.WriteFailed(e);
            }
            Console.WriteLine($"exported sweep '{id}': {table.Rows.Count} rows ({Counted.Of(trials, "finished trial")}), {table.Columns.Count} columns, to {path}");
            return 0;
        }));
        return command;
    }

}
