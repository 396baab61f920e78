using System.Globalization;
using System.Text;
using ALfc.Coordinator.Store;
using ALfc.Core;
using ALfc.Core.Data;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ALfc.Coordinator.Reports;

/// <summary>
/// Where a report's numbers come from, written as provenance.json and as the report's Provenance section: the grid as
/// run, the ALfc version and commit and the .NET, TorchSharp and libtorch versions of every sweep process (the runs
/// table) and of the trial records, the nodes and devices that ran trials, the data files' SHA-256, the sweep's start
/// and finish, and its trials done, failed and missing. A store written before runs were recorded has no runs: the
/// section says so, and the data checksums are then computed at report time from the data root the report was given.
/// </summary>
public static class Provenance
{
    public static JObject Collect(ResultsStore store, string sweepId, string? dataRoot)
    {
        var trials = store.Trials(sweepId);
        var runs = store.Runs(sweepId);
        var status = store.Status(sweepId);
        var (byNode, devicesByNode, _) = store.Throughput(sweepId);
        var versions = trials.Where(t => t.RecordJson is not null)
            .Select(t => JObject.Parse(t.RecordJson!)["versions"] is JObject v ? v.ToString(Formatting.None) : "{}")
            .GroupBy(v => v).Select(g => new JObject { ["versions"] = JObject.Parse(g.Key), ["trials"] = g.Count() });
        var finished = trials.Where(t => t.FinishedAt is not null).Select(t => t.FinishedAt!).DefaultIfEmpty().Max();
        var lastRunWithData = runs.LastOrDefault(r => r.DataJson != "{}");
        JToken data = lastRunWithData is not null
            ? new JObject { ["source"] = $"recorded when the sweep started ({lastRunWithData.StartedAt}, data root {lastRunWithData.DataRoot})", ["files"] = JObject.Parse(lastRunWithData.DataJson) }
            : new JObject
            {
                ["source"] = $"computed at report time from data root {new DatasetOptions { DataRoot = dataRoot }.ResolveDataRoot()} (the sweep recorded none)",
                ["files"] = JObject.FromObject(trials.Select(t => t.Dataset).Distinct().ToDictionary(d => d, d => DataChecksums.Of(d, dataRoot))),
            };
        return new JObject
        {
            ["sweep"] = sweepId,
            ["grid"] = store.GridJson(sweepId) is { } grid ? JToken.Parse(grid) : null,
            ["started"] = runs.FirstOrDefault()?.StartedAt ?? store.SweepCreated(sweepId),
            ["finished"] = status.Finished && finished is not null ? finished : JValue.CreateNull(),
            ["trials"] = new JObject
            {
                ["planned"] = status.Total, ["done"] = status.Done, ["failed"] = status.Failed, ["missing"] = status.Total - status.Done - status.Failed,
            },
            ["runs"] = new JArray(runs.Select(r => new JObject
            {
                ["started"] = r.StartedAt, ["finished"] = r.FinishedAt, ["outcome"] = r.Outcome ?? "running, or killed (told when the sweep next starts)", ["host"] = r.Host,
                ["alfc"] = r.AlfcVersion, ["commit"] = r.AlfcCommit, ["dotnet"] = r.DotNet, ["torchsharp"] = r.TorchSharp, ["libtorch"] = r.LibTorch, ["dataRoot"] = r.DataRoot,
            })),
            ["recordVersions"] = new JArray(versions),
            ["nodes"] = new JArray(byNode.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new JObject
            {
                ["node"] = p.Key, ["host"] = NodeAddress.Host(p.Key), ["trialsDone"] = p.Value, ["devices"] = new JArray(devicesByNode[p.Key]),
            })),
            ["data"] = data,
            ["report"] = new JObject
            {
                ["written"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture), ["alfc"] = BuildInfo.Version, ["commit"] = BuildInfo.Commit,
            },
        };
    }

    /// <summary>The section for the report page: a few lines of Markdown the report's own converter renders.</summary>
    public static string Markdown(JObject p)
    {
        var text = new StringBuilder();
        var trials = (JObject)p["trials"]!;
        text.AppendLine(CultureInfo.InvariantCulture, $"Sweep started {p["started"]}, {(p["finished"] is { Type: not JTokenType.Null } f ? $"finished {f}" : "not finished")}; "
                        + $"{trials["planned"]} trials planned: {trials["done"]} done, {trials["failed"]} failed, {trials["missing"]} missing.");
        text.AppendLine().AppendLine("| run started | finished | outcome | host | ALfc | commit | .NET | TorchSharp | libtorch |").AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var r in (JArray)p["runs"]!)
            text.AppendLine(CultureInfo.InvariantCulture, $"| {r["started"]} | {r["finished"]} | {r["outcome"]} | {r["host"]} | {r["alfc"]} | {r["commit"]} | {r["dotnet"]} | {r["torchsharp"]} | {r["libtorch"]} |");
        if (((JArray)p["runs"]!).Count == 0) text.AppendLine("| (this store predates run records) | | | | | | | | |");
        text.AppendLine().AppendLine("| versions in the trial records | trials |").AppendLine("|---|---|");
        foreach (var v in (JArray)p["recordVersions"]!)
            text.AppendLine(CultureInfo.InvariantCulture, $"| {string.Join(", ", ((JObject)v["versions"]!).Properties().Select(x => $"{x.Name} {x.Value}"))} | {v["trials"]} |");
        text.AppendLine().AppendLine("| host | node | trials done | devices |").AppendLine("|---|---|---|---|");
        foreach (var n in (JArray)p["nodes"]!)
            text.AppendLine(CultureInfo.InvariantCulture, $"| {n["host"]} | {n["node"]} | {n["trialsDone"]} | {string.Join(", ", n["devices"]!.Values<string>())} |");
        var data = (JObject)p["data"]!;
        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Data files ({data["source"]}):").AppendLine();
        text.AppendLine("| dataset | file | SHA-256 |").AppendLine("|---|---|---|");
        foreach (var dataset in ((JObject)data["files"]!).Properties())
        {
            var files = ((JObject)dataset.Value).Properties().ToList();
            if (files.Count == 0) text.AppendLine(CultureInfo.InvariantCulture, $"| {dataset.Name} | (no files: {(dataset.Name == DatasetCatalog.DefaultDataset ? "generated from the seed" : "not found under the data root")}) | |");
            foreach (var file in files) text.AppendLine(CultureInfo.InvariantCulture, $"| {dataset.Name} | {file.Name} | {file.Value} |");
        }
        text.AppendLine().AppendLine("The grid as run is in provenance.json.");
        return text.ToString();
    }
}
