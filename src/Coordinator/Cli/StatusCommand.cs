using System.CommandLine;
using System.Globalization;
using ALfc.Coordinator.Actors;
using ALfc.Coordinator.Store;
using ALfc.Coordinator.Sweeps;
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
            using var results = ResultsStore.OpenReadOnly(result.GetValue(store)!, readsRecords: false);
            var ids = result.GetValue(sweep) is { } only ? [only] : results.SweepIds();
            if (ids.Count == 0) throw AlfcInputException.In(results.Path, "the store holds no sweep yet");
            var output = new JArray();
            foreach (var id in ids)
            {
                var s = results.Status(id);
                if (s.Total == 0) throw AlfcInputException.In(results.Path, $"no sweep '{id}' (sweeps: {string.Join(", ", results.SweepIds())})");
                var (byNode, devicesByNode, finished) = results.Throughput(id);
                int remaining = s.Total - s.Done - s.Failed;
                // The sweep process holds the store's lock while it runs; without it, unfinished means interrupted.
                string state = s.Finished ? "finished" : StoreLock.IsHeld(results.Path) ? "running" : "interrupted";
                bool live = state == "running";
                double rate = Rate(finished, results.Runs(id), running: live, DateTime.UtcNow);
                // No process runs an interrupted sweep: trials still marked running were cut off (a kill -9) and go back
                // to the queue when it resumes, so they are neither running nor timed, and there is no ETA.
                int running = live ? s.Running : 0, cutOff = live ? 0 : s.Running;
                string eta = remaining == 0 ? "0s" : !live ? "- (not running)" : SweepRate.Eta(remaining, running, rate, "- (no trial running)");
                var hosts = HostLines(results.Trials(id), byNode, devicesByNode, DateTime.UtcNow, live);
                output.Add(new JObject
                {
                    ["sweep"] = id, ["state"] = state, ["total"] = s.Total, ["done"] = s.Done, ["running"] = running, ["cutOff"] = cutOff, ["queued"] = s.Queued, ["failed"] = s.Failed,
                    ["ratePerMinute"] = double.IsNaN(rate) ? null : Math.Round(rate, 2), ["eta"] = eta,
                    ["etaSeconds"] = (remaining == 0 || live) && SweepRate.EtaSeconds(remaining, running, rate) is { } seconds ? Math.Round(seconds) : null,
                    ["doneByNode"] = JObject.FromObject(byNode),
                    ["devicesByNode"] = JObject.FromObject(devicesByNode),
                    ["hosts"] = new JArray(hosts.Select(h => h.Json)),
                });
                if (!result.GetValue(json))
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"sweep {id}: {state}; {s.Done}/{s.Total} done, {(cutOff > 0 ? $"{cutOff} cut off mid-run (queued again on resume)" : $"{running} running")}, {s.Queued} queued, {s.Failed} failed; rate {(double.IsNaN(rate) ? "-" : rate.ToString("0.0", CultureInfo.InvariantCulture))}/min; eta {eta}"));
                    foreach (var (_, lines) in hosts) lines.ForEach(Console.WriteLine);
                }
            }
            if (result.GetValue(json)) Console.WriteLine(output.Count == 1 ? output[0].ToString() : output.ToString());
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// The sweep's rate (<see cref="SweepRate"/>): up to now while it runs, else up to its last finish, within the run that
    /// finish belongs to (the last run started before it); NaN with nothing finished.
    /// </summary>
    internal static double Rate(IReadOnlyList<DateTime> finished, IReadOnlyList<SweepRun> runs, bool running, DateTime now)
    {
        if (finished.Count == 0) return double.NaN;
        var end = running ? now : finished.Max();
        var started = runs.Select(r => DateTime.Parse(r.StartedAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind))
            .Where(t => t <= end).DefaultIfEmpty().Max();
        return SweepRate.PerMinute(finished, end, started == default ? null : started);
    }

    /// <summary>
    /// One block per host: a node restarted on a machine comes back on a new port, so its addresses are grouped under
    /// the host with their done counts and devices, and each node's running trial is shown with how long it has run
    /// (while the sweep runs: <paramref name="live"/>; otherwise no trial runs, and none is shown running). A node without
    /// one says "no trial running", not "idle": the store does not know whether it is still there (a killed node stays listed).
    /// </summary>
    internal static List<(JObject Json, List<string> Lines)> HostLines(IReadOnlyList<StoredTrial> trials, IReadOnlyDictionary<string, int> byNode,
        IReadOnlyDictionary<string, IReadOnlyList<string>> devicesByNode, DateTime now, bool live = true)
    {
        var running = live ? trials.Where(t => t.Status == "running" && t.Node is not null).ToList() : [];
        var nodes = byNode.Keys.Concat(running.Select(t => t.Node!)).Distinct().ToList();
        var blocks = new List<(JObject, List<string>)>();
        foreach (var host in nodes.GroupBy(NodeAddress.Host).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            int done = host.Sum(n => byNode.GetValueOrDefault(n));
            var devices = host.SelectMany(n => devicesByNode.GetValueOrDefault(n) ?? []).Distinct().Order(StringComparer.Ordinal).ToList();
            var lines = new List<string> { $"  host {host.Key}: {done} done{(devices.Count > 0 ? $" on {string.Join(", ", devices)}" : "")} ({host.Count()} node address{(host.Count() == 1 ? "" : "es")})" };
            var json = new JObject { ["host"] = host.Key, ["done"] = done, ["devices"] = new JArray(devices), ["nodes"] = new JArray() };
            foreach (var node in host.OrderBy(n => n, StringComparer.Ordinal))
            {
                var current = running.Where(t => t.Node == node).ToList();
                var entry = new JObject { ["node"] = node, ["done"] = byNode.GetValueOrDefault(node), ["running"] = new JArray() };
                var doing = new List<string>();
                foreach (var t in current)
                {
                    var since = t.StartedAt is { } started ? now - DateTime.Parse(started, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) : (TimeSpan?)null;
                    string duration = since is { } d ? CoordinatorActor.FormatDuration(d < TimeSpan.Zero ? TimeSpan.Zero : d) : "?";
                    doing.Add($"running {t.Id} ({t.Dataset}/{t.Method}, repetition {t.Repetition}, attempt {t.Attempts}) for {duration}");
                    ((JArray)entry["running"]!).Add(new JObject { ["trial"] = t.Id, ["startedAt"] = t.StartedAt, ["seconds"] = since is { } x ? Math.Round(x.TotalSeconds, 1) : null });
                }
                var nodeDevices = devicesByNode.GetValueOrDefault(node) is { Count: > 0 } used ? $" on {string.Join(", ", used)}" : "";
                lines.Add($"    {node}: {byNode.GetValueOrDefault(node)} done{nodeDevices}; {(doing.Count > 0 ? string.Join("; ", doing) : "no trial running")}");
                ((JArray)json["nodes"]!).Add(entry);
            }
            blocks.Add((json, lines));
        }
        return blocks;
    }
}
