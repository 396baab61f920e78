using ALfc.Coordinator.Store;
using ALfc.Core.Evaluation;
using ALfc.Core.Poisoning;
using ALfc.Core.Trials;
using Newtonsoft.Json.Linq;

namespace ALfc.Coordinator.Export;

/// <summary>
/// A sweep's finished trials as one tidy table (`alfc export`). A training trial gives one row per box × attack × eps
/// cell (columns box, attack, eps, accuracy, with the trial's clean accuracy beside each); a poisoning trial gives one
/// row per victim (victim, asr, clean_accuracy, poisoned_accuracy, labels_changed, items), its attack being the
/// config's. Every row starts with the sweep, trial id, kind and repetition and carries every config field of its
/// trial as a column (<see cref="JsonFlattener"/>), then its results, and ends with where and when it ran. Columns one kind lacks are null in its rows.
/// </summary>
public static class TidyExport
{
    public static TidyTable Build(ResultsStore store, string sweepId, TrialKindRegistry kinds)
    {
        var rows = new List<IReadOnlyList<(string Column, object? Value)>>();
        // A trial two sweeps of other base seeds share is stored under the repetition number of the sweep that registered
        // it last; this sweep's own is its seed minus this sweep's base seed, so one sweep's export never numbers two of
        // its trials alike (grouping or pairing by repetition in pandas would pair the wrong trials).
        long baseSeed = BaseSeed(store.GridJson(sweepId));
        foreach (var trial in store.Trials(sweepId).Where(t => t.Status == "done" && t.RecordJson is not null))
        {
            var record = kinds.Get(trial.Kind).ReadRecord(trial.RecordJson!);
            var head = new List<(string, object?)> { ("sweep", sweepId), ("trial_id", trial.Id), ("kind", trial.Kind), ("repetition", trial.Seed - baseSeed) };
            head.AddRange(JsonFlattener.Flatten(Config(trial.ConfigJson)));
            head.Add((Node, trial.Node));
            head.Add((Device, JObject.Parse(trial.RecordJson!)["device"]?.Value<string>()));
            head.Add((FinishedAt, trial.FinishedAt));
            if (record is PoisoningResult poisoning)
                foreach (var v in poisoning.Victims)
                    // The budget the trial used (the config's "budget" is null for the "average" rule), and the answers
                    // written, fewer than workers x items_per_worker where SubPac's threshold enforcement labels less.
                    rows.Add([.. head, ("budget_used", poisoning.Budget), ("average_budget", poisoning.AverageBudget), ("items_per_worker", (long)poisoning.ItemsPerWorker), ("malicious_answers", (long)poisoning.MaliciousAnswers), ("victim", v.Victim), ("asr", Defined(v.Asr)), ("clean_accuracy", Defined(v.CleanAccuracy)), ("poisoned_accuracy", Defined(v.PoisonedAccuracy)),
                        ("labels_changed", (long)v.LabelsChanged), ("items", (long)v.Items)]);
            else
                foreach (var (key, value) in record.Cells())
                    rows.Add([.. head, ("box", Boxes.Name(key.Box)), ("attack", key.Attack), ("eps", key.Eps), ("accuracy", value),
                        (record.Summary.HeadlineName, record.Summary.Headline)]);
        }
        return TidyTable.FromRows(WithoutEmptyParents(rows), last: [Node, Device, FinishedAt]);
    }

    /// <summary>The grid's baseSeed (0 when it sets none, as <c>GridSpec</c> reads it).</summary>
    private static long BaseSeed(string? gridJson) =>
        gridJson is null ? 0 : JObject.Parse(gridJson)["baseSeed"] is JValue { Type: JTokenType.Integer } seed ? seed.Value<long>() : 0;

    /// <summary>Where and when a trial ran: the last columns of every row, after the results.</summary>
    private const string Node = "node", Device = "device", FinishedAt = "finished_at";

    /// <summary>The rows without the columns <see cref="JsonFlattener.EmptyParents"/> finds.</summary>
    private static List<IReadOnlyList<(string, object?)>> WithoutEmptyParents(List<IReadOnlyList<(string Column, object? Value)>> rows)
    {
        var columns = rows.SelectMany(r => r.Select(c => c.Column)).ToHashSet(StringComparer.Ordinal);
        var empty = JsonFlattener.EmptyParents(columns, c => rows.All(r => r.All(x => x.Column != c || x.Value is null)));
        return empty.Count == 0 ? [.. rows] : rows.Select(r => (IReadOnlyList<(string, object?)>)r.Where(x => !empty.Contains(x.Column)).ToList()).ToList();
    }

    /// <summary>A poisoning spec is stored wrapped as {kind, spec}; its fields are the config.</summary>
    private static JObject Config(string json)
    {
        var config = JObject.Parse(json);
        return config["kind"] is not null && config["spec"] is JObject spec ? spec : config;
    }

    /// <summary>An undefined metric (NaN: no truth, or no item right on clean data) is an empty cell, as in the report's CSV.</summary>
    private static object? Defined(double value) => double.IsNaN(value) ? null : value;
}
