using System.Globalization;
using System.Text;
using ALfc.Coordinator.Export;
using ALfc.Coordinator.Store;
using ALfc.Core;
using ALfc.Core.Evaluation;
using ALfc.Core.Training;
using ALfc.Core.Trials;
using Newtonsoft.Json.Linq;

namespace ALfc.Coordinator.Sweeps;

/// <summary>
/// What a grid will do, before it does it (`alfc grid show`, `alfc sweep --dry-run`): its size, the trials per kind ×
/// dataset × method and how many of them a store already holds as done, and the expanded config of each kind and
/// dataset (every config field of its trials, defaults filled in, with the values it takes). Reads the store
/// read-only and only when the file exists; runs nothing, loads no data and writes nothing.
/// </summary>
public static class PlanPreview
{
    /// <summary>How many values of a varying field are listed before the rest are counted.</summary>
    private const int ListedValues = 12;

    public static string Render(GridSpec grid, string? storePath, string? origin = null)
    {
        var plan = grid.Plan();
        IReadOnlyDictionary<string, string> statuses = new Dictionary<string, string>();
        string storeLine;
        if (storePath is null) storeLine = "no --store given";
        else if (!File.Exists(storePath)) storeLine = $"store {storePath} does not exist yet";
        else
        {
            using var store = ResultsStore.OpenReadOnly(storePath, readsRecords: false);
            statuses = store.Statuses(plan.Trials.Select(t => t.Id));
            // The real run would be refused while another holds it; say so rather than preview a run that cannot start.
            storeLine = $"store {storePath}" + (StoreLock.IsHeld(storePath) ? " (in use by a running sweep now: a sweep on it is refused until that one ends)" : "");
        }
        bool Done(PlannedTrial t) => statuses.GetValueOrDefault(t.Id) == "done";
        int done = plan.Trials.Count(Done);
        var text = new StringBuilder();
        var description = JObject.Parse(grid.Json)["description"]?.Value<string>();
        text.AppendLine(CultureInfo.InvariantCulture, $"grid '{grid.Name}'{(origin is null ? "" : $" ({origin})")}: {Counted.Of(plan.Trials.Count, "trial")}, {grid.Repetitions} repetition(s) from seed {grid.BaseSeed}");
        if (description is not null) text.AppendLine(CultureInfo.InvariantCulture, $"  {PrintableText.Escape(description)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"{storeLine}: {done} of {plan.Trials.Count} already done, {plan.Trials.Count - done} to run");
        foreach (var kind in plan.Trials.GroupBy(t => t.Spec.Kind))
        {
            var methods = kind.Select(t => t.Spec.Group.Method).Distinct().OrderBy(MethodOrder).ThenBy(m => m, StringComparer.Ordinal).ToList();
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"{kind.Key} trials per dataset x method (done / planned):");
            List<string[]> rows = [["dataset", .. methods, "total"]];
            foreach (var dataset in kind.GroupBy(t => t.Spec.Group.Dataset))
                rows.Add([dataset.Key, .. methods.Select(m => Count(dataset.Where(t => t.Spec.Group.Method == m).ToList(), Done)), Count(dataset.ToList(), Done)]);
            AppendColumns(text, rows);
        }
        text.AppendLine().AppendLine("expanded config (defaults filled in; a field with several values lists them):");
        foreach (var group in plan.Trials.GroupBy(t => (t.Spec.Kind, t.Spec.Group.Dataset)))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {group.Key.Kind} / {group.Key.Dataset} ({Counted.Of(group.Count(), "trial")})");
            var fields = new List<(string Name, List<object?> Values)>();
            foreach (var trial in group)
                foreach (var (name, value) in JsonFlattener.Flatten(Expanded(trial.Spec)))
                {
                    var field = fields.FirstOrDefault(f => f.Name == name);
                    if (field.Name is null) fields.Add(field = (name, []));
                    if (!field.Values.Contains(value)) field.Values.Add(value);
                }
            var empty = JsonFlattener.EmptyParents(fields.Select(f => f.Name).ToList(), name => fields.First(f => f.Name == name).Values.All(v => v is null));
            fields.RemoveAll(f => empty.Contains(f.Name));
            int width = fields.Max(f => f.Name.Length);
            foreach (var (name, values) in fields)
                text.AppendLine(CultureInfo.InvariantCulture, $"    {name.PadRight(width)}  {Values(values)}");
        }
        return text.ToString().TrimEnd();
    }

    private static int MethodOrder(string method) => MethodCatalog.Names.ToList().IndexOf(method) is var i and >= 0 ? i : int.MaxValue;

    private static string Count(IReadOnlyList<PlannedTrial> trials, Func<PlannedTrial, bool> done) =>
        trials.Count == 0 ? "-" : $"{trials.Count(done)}/{trials.Count}";

    /// <summary>A trial's config as it will run: a training trial's test eps are the dataset's own list when the grid leaves them out.</summary>
    private static JObject Expanded(ITrialSpec spec)
    {
        if (spec is TrialSpec training)
            spec = training with { Evaluation = training.Evaluation with { Epsilons = training.Evaluation.EpsilonsFor(training.Dataset) } };
        var json = JObject.Parse(spec.CanonicalJson());
        var config = json["kind"] is not null && json["spec"] is JObject inner ? inner : json;
        // The "average" budget is stored as no fraction (the answer set fixes it); shown by its name, as the grid writes it.
        if (spec is Core.Poisoning.PoisoningSpec { Budget: null }) config["budget"] = "average";
        return config;
    }

    private static string Values(List<object?> values)
    {
        static string One(object? v) => v is null ? "null" : TidyCsv.Format(v).Replace(";", ", ");
        if (values.Count > 2 && values.All(v => v is long) && values.Cast<long>().Order().ToList() is var sorted && sorted[^1] - sorted[0] == sorted.Count - 1)
            return $"{sorted[0]}..{sorted[^1]} ({sorted.Count} values)";
        var listed = string.Join(" | ", values.Take(ListedValues).Select(One));
        return values.Count > ListedValues ? $"{listed} | ... ({values.Count} values)" : listed;
    }

    private static void AppendColumns(StringBuilder text, IReadOnlyList<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
            text.AppendLine("  " + string.Join("  ", row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd());
    }
}
