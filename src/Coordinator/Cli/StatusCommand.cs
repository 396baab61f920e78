using System.CommandLine;
using System.Globalization;
using ALfc.Coordinator.Actors;
using ALfc.Coordinator.Store;
using ALfc.Core;
using Newtonsoft.Json.Linq;

namespace ALfc.Coordinator.Cli;

/// <summary>`alfc status`: what a results store holds, per sweep: trials per state, rate, ETA and per-node counts and devices. Safe while a sweep runs (WAL readers).</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var store = new Option<string>("--store") { Description = "results store (SQLite)", DefaultValueFactory = _ => "alfc-results.db" };
        var sweep = new Option<string?>("--sweep") { Description = "only this sweep" };
        var json = new Option<bool>("--json") { Description = "print one JSON object" };
        var command = new Command("status", "summarise a results store: done/running/queued/failed, rate, ETA, per node") { store, sweep, json };
        command.SetAction(result => CliRunner.Run(() =>
        {
            using var results = ResultsStore.OpenReadOnly(result.GetValue(store)!);
            var ids = result.GetValue(sweep) is { } only ? [only] : results.SweepIds();
            if (ids.Count == 0) throw AlfcInputException.In(results.Path, "the store holds no sweep yet");
            var output = new JArray();
            foreach (var id in ids)
            {
                var s = results.Status(id);
                if (s.Total == 0) throw AlfcInputException.In(results.Path, $"no sweep '{id}' (sweeps: {string.Join(", ", results.SweepIds())})");
                var (byNode, devicesByNode, finished) = results.Throughput(id);
                var recent = finished.Count == 0 ? [] : finished.Where(f => finished[^1] - f <= TimeSpan.FromMinutes(10)).ToList();
                double minutes = recent.Count > 1 ? Math.Max((recent[^1] - recent[0]).TotalMinutes, 1e-9) : double.NaN;
                double rate = recent.Count > 1 ? (recent.Count - 1) / minutes : double.NaN;
                int remaining = s.Total - s.Done - s.Failed;
                string eta = remaining == 0 ? "0s" : rate > 0 ? CoordinatorActor.FormatDuration(TimeSpan.FromMinutes(remaining / rate)) : "unknown";
                // The sweep process holds the store's lock while it runs; without it, unfinished means interrupted.
                string state = s.Finished ? "finished" : StoreLock.IsHeld(results.Path) ? "running" : "interrupted";
                output.Add(new JObject
                {
                    ["sweep"] = id, ["state"] = state, ["total"] = s.Total, ["done"] = s.Done, ["running"] = s.Running, ["queued"] = s.Queued, ["failed"] = s.Failed,
                    ["ratePerMinute"] = double.IsNaN(rate) ? null : Math.Round(rate, 2), ["eta"] = eta,
                    ["doneByNode"] = JObject.FromObject(byNode),
                    ["devicesByNode"] = JObject.FromObject(devicesByNode),
                });
                if (!result.GetValue(json))
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"sweep {id}: {state}; {s.Done}/{s.Total} done, {s.Running} running, {s.Queued} queued, {s.Failed} failed; rate {(double.IsNaN(rate) ? "-" : rate.ToString("0.0", CultureInfo.InvariantCulture))}/min; eta {eta}"));
                    foreach (var (node, count) in byNode.OrderBy(p => p.Key)) Console.WriteLine($"  {node}: {count} done on {string.Join(", ", devicesByNode[node])}");
                }
            }
            if (result.GetValue(json)) Console.WriteLine(output.Count == 1 ? output[0].ToString() : output.ToString());
            return 0;
        }));
        return command;
    }
}
