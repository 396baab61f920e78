using System.CommandLine;
using System.Globalization;
using System.Text;
using ALfc.Coordinator.Store;
using ALfc.Core;
using ALfc.Core.Evaluation;
using ALfc.Core.Poisoning;
using ALfc.Core.Trials;
using Newtonsoft.Json.Linq;

namespace ALfc.Coordinator.Cli;

/// <summary>
/// `alfc show TRIAL`: everything the store and its log hold about one trial: its sweeps, status, attempts, node, times,
/// last error, config, record (training: the cells' tables; poisoning: the victims) and the log lines that name it.
/// </summary>
internal static class ShowCommand
{
    public static Command Create()
    {
        var trial = new Argument<string>("trial") { Description = "trial id, or a unique prefix of it (as in log lines and `alfc export`)" };
        var store = new Option<string>("--store") { Description = "results store (SQLite); its log is STORE.log beside it", DefaultValueFactory = _ => "alfc-results.db" };
        var command = new Command("show", "print one trial's config, status, attempts, node, record and log lines") { trial, store };
        command.SetAction(result => CliRunner.Run(() =>
        {
            var id = result.GetValue(trial)!;
            if (id.Length == 0 || !id.All(char.IsAsciiHexDigitLower)) throw new AlfcInputException($"trial '{id}': a trial id is lower-case hex digits");
            using var results = ResultsStore.OpenReadOnly(result.GetValue(store)!);
            var t = results.Trial(id) ?? throw AlfcInputException.In(results.Path, $"no trial '{id}'");
            Console.WriteLine(Render(t, results.SweepsOf(t.Id), LogLines(results.Path, t.Id), live: StoreLock.IsHeld(results.Path)));
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// The trial as `alfc show` prints it. <paramref name="live"/>: whether a sweep process holds the store now; without
    /// one, a trial marked running was cut off (its process killed) and goes back to the queue on resume, as `alfc status` says.
    /// </summary>
    internal static string Render(StoredTrial t, IReadOnlyList<string> sweeps, IReadOnlyList<string> log, bool live)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"trial {t.Id} ({t.Kind}): {t.Dataset}/{t.Method}, repetition {t.Repetition}, seed {t.Seed}");
        text.AppendLine(CultureInfo.InvariantCulture, $"sweeps     {(sweeps.Count > 0 ? string.Join(", ", sweeps) : "(none: no longer in any grid)")}");
        var status = t.Status == "running" && !live ? "cut off mid-run (no sweep runs on this store; queued again on resume)" : t.Status;
        text.AppendLine(CultureInfo.InvariantCulture, $"status     {status}, {t.Attempts} attempt(s)");
        text.AppendLine(CultureInfo.InvariantCulture, $"node       {t.Node ?? "-"}");
        text.AppendLine(CultureInfo.InvariantCulture, $"started    {t.StartedAt ?? "-"}");
        text.AppendLine(CultureInfo.InvariantCulture, $"finished   {t.FinishedAt ?? "-"}");
        if (t.LastError is { } error) text.AppendLine(CultureInfo.InvariantCulture, $"last error {error}");
        text.AppendLine().AppendLine("config").AppendLine(JToken.Parse(t.ConfigJson).ToString(Newtonsoft.Json.Formatting.Indented));
        text.AppendLine().AppendLine("record");
        if (t.RecordJson is null) text.AppendLine("(none yet)");
        else
        {
            var record = TrialKindRegistry.Default.Get(t.Kind).ReadRecord(t.RecordJson);
            text.AppendLine(record switch
            {
                TrialResult training => TrainCommand.Render(training),
                PoisoningResult poisoning => VictimTable.Render(poisoning.Victims, poisoning.Workers),
                _ => t.RecordJson,
            });
        }
        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"log ({log.Count} line(s) naming the trial)");
        foreach (var line in log) text.AppendLine(line);
        return text.ToString().TrimEnd();
    }

    /// <summary>The lines of the store's log (STORE.log, written by every sweep on it) that name the trial.</summary>
    private static IReadOnlyList<string> LogLines(string storePath, string id)
    {
        var log = StoreFiles.LogOf(storePath);
        // A pipe under the log's name would block the read; a sweep refuses to log into one anyway.
        if (!File.Exists(log) || !Core.Data.Io.InputFile.IsRegular(log)) return [];
        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
            // Anywhere in the line, not only as trial=ID: a lost node's line lists the ids it requeued.
            if (line.Contains(id, StringComparison.Ordinal)) lines.Add(line);
        return lines;
    }
}
