using System.Diagnostics;
using ALfc.Core.Trials;
using ALfc.Coordinator.Sweeps;
using Newtonsoft.Json.Linq;

namespace ALfc.Tests.Cli;

[Collection("cluster")]
public class SweepCommandTests
{
    private static string WriteGrid(string dir, string json)
    {
        var path = Path.Combine(dir, "grid.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void A_sweep_runs_then_a_second_run_does_nothing_and_says_so_and_status_shows_it_finished()
    {
        var dir = TestPaths.NewScratchDirectory();
        var grid = WriteGrid(dir, """{ "name": "tiny", "datasets": ["synthetic"], "methods": ["mv", "gt"], "repetitions": 2, "epochs": 2, "attacks": ["fgsm"], "eps": { "synthetic": [0.02] } }""");
        var store = Path.Combine(dir, "r.db");
        var first = AlfcProcess.Run("sweep", "--grid", grid, "--store", store);
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("sweep 'tiny' finished: 4 done, 0 failed of 4.", first.Stdout);
        Assert.Contains("synthetic/gt/alpha=0.5/paper", first.Stdout);
        Assert.Contains("sweep=tiny trial=", first.Stderr); // Akka's log, routed to the console, names sweep and trial

        // A process killed after its last trial was stored leaves its run open, as kill -9 at that moment would.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE runs SET outcome = NULL";
            Assert.Equal(1, command.ExecuteNonQuery());
        }
        var second = AlfcProcess.Run("sweep", "--grid", grid, "--store", store);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal($"sweep 'tiny': all 4 trials are already done in {store}; nothing to run.", second.Stdout.Trim());
        // The start that found nothing to run still resolved the open run (before, provenance kept it "running, or
        // killed" until a start that ran something), and recorded no run of its own.
        Assert.Equal("killed", Sqlite.Text(store, "SELECT group_concat(outcome) FROM runs"));

        var status = AlfcProcess.Run("status", "--store", store, "--json");
        Assert.Equal(0, status.ExitCode);
        var json = JObject.Parse(status.Stdout);
        Assert.Equal(("finished", 4, 0), ((string)json["state"]!, (int)json["done"]!, (int)json["failed"]!));
        Assert.Equal(0, (double)json["etaSeconds"]!);
        var node = Assert.Single(((JObject)json["devicesByNode"]!).Properties());
        Assert.Equal(["cpu"], node.Value.Select(d => (string)d!));
        Assert.Equal(4, (int)json["doneByNode"]![node.Name]!);

        var text = AlfcProcess.Run("status", "--store", store);
        Assert.Contains($"  {node.Name}: 4 done on cpu", text.Stdout);
    }

    [Fact]
    public void Status_of_a_sweep_with_nothing_finished_yet_says_interrupted_with_no_rate()
    {
        var store = Path.Combine(TestPaths.NewScratchDirectory(), "r.db");
        using (var results = Coordinator.Store.ResultsStore.OpenForWriting(store, TrialKindRegistry.Default))
        {
            var grid = Coordinator.Sweeps.GridSpec.Parse("""{ "name": "new", "datasets": ["synthetic"], "methods": ["mv"] }""", "g", "new");
            results.Register(new SweepPlan(grid.Name, grid.Json, grid.Expand()));
        }
        var outcome = AlfcProcess.Run("status", "--store", store);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("sweep new: interrupted; 0/1 done, 0 running, 1 queued, 0 failed; rate -/min; eta - (not running)", outcome.Stdout.Trim());

        // A trial a killed sweep left marked running is not running: no process holds the store.
        string id;
        using (var results = Coordinator.Store.ResultsStore.OpenForWriting(store, TrialKindRegistry.Default))
            results.MarkRunning(id = results.Unfinished("new")[0].Id, "alfc@127.0.0.1:4054", 1);
        outcome = AlfcProcess.Run("status", "--store", store);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("sweep new: interrupted; 0/1 done, 1 cut off mid-run (queued again on resume), 0 queued, 0 failed; rate -/min; eta - (not running)", outcome.Stdout.Trim());
        var json = Newtonsoft.Json.Linq.JObject.Parse(AlfcProcess.Run("status", "--store", store, "--json").Stdout);
        Assert.Equal((0, 1), ((int)json["running"]!, (int)json["cutOff"]!));
        Assert.Equal(JTokenType.Null, json["etaSeconds"]!.Type); // not a number while nothing runs

        // `alfc show` says the same of the trial, with every log line naming it: the requeue line of a lost node lists
        // the ids it gave back rather than saying trial=ID, and was left out.
        File.WriteAllLines(Coordinator.Store.StoreFiles.LogOf(store), [
            $"2026-12-05T14:00:00.000Z INFO  [coordinator/singleton] sweep=new trial={id} node=alfc@127.0.0.1:4054 attempt=1 started",
            $"2026-12-05T14:00:05.000Z WARN  [coordinator/singleton] sweep=new node=alfc@127.0.0.1:4054 lost (unreachable): requeued 2 trial(s), attempts given back: 0123456789abcdef, {id}",
            "2026-12-05T14:00:06.000Z INFO  [coordinator/singleton] sweep=new trial=0123456789abcdef node=alfc@127.0.0.1:4055 attempt=1 started"]);
        var show = AlfcProcess.Run("show", id, "--store", store);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("status     cut off mid-run (no sweep runs on this store; queued again on resume), 1 attempt(s)", show.Stdout);
        Assert.Contains("log (2 line(s) naming the trial)", show.Stdout);
        Assert.Contains("requeued 2 trial(s)", show.Stdout);

        // Held by a running sweep (the lock a sweep takes) with none of its trials running, as a sweep with no node that
        // can take its queue: no ETA, which a rate from earlier finishes would give, promising an end that is not coming.
        using (var results = Coordinator.Store.ResultsStore.OpenForWriting(store, TrialKindRegistry.Default))
            results.Requeue(id);
        using (Coordinator.Store.StoreLock.Acquire(store))
        {
            outcome = AlfcProcess.Run("status", "--store", store);
            Assert.Equal("sweep new: running; 0/1 done, 0 running, 1 queued, 0 failed; rate -/min; eta - (no trial running)", outcome.Stdout.Trim());
            using (var results = Coordinator.Store.ResultsStore.OpenForWriting(store, TrialKindRegistry.Default))
                results.MarkRunning(id, "alfc@127.0.0.1:4054", 1);
            outcome = AlfcProcess.Run("status", "--store", store);
            Assert.StartsWith("sweep new: running; 0/1 done, 1 running, 0 queued, 0 failed; rate -/min; eta unknown", outcome.Stdout.Trim());
        }
    }

    [Theory]
    [InlineData("""{ "datasets": ["synthetic"], "methods": ["svm"] }""", "grid.json: methods[0]: unknown method 'svm'")]
    [InlineData("""{ "datasets": ["synthetic"], "methods": [] }""", "grid.json: methods: the list is empty")]
    [InlineData("""{ "datasets": ["synthetic"], "methods": ["mv"], "eps": { "synthetic": [-1] } }""", "grid.json: eps.synthetic[0]: -1 is not a number from 0 to 1000000")]
    public void A_bad_grid_file_is_a_one_line_error_and_creates_nothing(string json, string expected)
    {
        var dir = TestPaths.NewScratchDirectory();
        var grid = WriteGrid(dir, json);
        var outcome = AlfcProcess.Run("sweep", "--grid", grid, "--store", Path.Combine(dir, "r.db"));
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"alfc: error: {Path.Combine(dir, expected)}", outcome.Stderr.Trim().Split(" (known")[0]);
        Assert.False(File.Exists(Path.Combine(dir, "r.db")));
    }

    [Fact]
    public void A_grid_naming_a_dataset_that_is_not_in_the_data_root_is_refused_before_anything_runs()
    {
        var dir = TestPaths.NewScratchDirectory();
        var grid = WriteGrid(dir, """{ "datasets": ["music"], "methods": ["mv"] }""");
        var outcome = AlfcProcess.Run("sweep", "--grid", grid, "--store", Path.Combine(dir, "r.db"), "--data", dir);
        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith($"alfc: error: {Path.Combine(dir, "music")}: dataset folder not found", outcome.Stderr.Trim());
    }

    [Theory]
    [InlineData(new[] { "sweep", "--preset", "huge" }, "alfc: error: --preset: unknown preset 'huge' (known: quick, paper, subpac-exp1, subpac-exp2, subpac-exp3)")]
    [InlineData(new[] { "sweep" }, "alfc: error: give --grid FILE or --preset NAME")]
    [InlineData(new[] { "sweep", "--preset", "quick", "--slots", "0" }, "alfc: error: --slots 0 needs --listen, or no trainer would ever join")]
    [InlineData(new[] { "sweep", "--preset", "quick", "--device", "tpu" }, "alfc: error: --device tpu: expected cpu, cuda or cuda:N")]
    [InlineData(new[] { "sweep", "--preset", "quick", "--device", "," }, "alfc: error: --device: the list is empty")]
    [InlineData(new[] { "status", "--store", "/nonexistent/r.db" }, "alfc: error: /nonexistent/r.db: results store not found")]
    public void Bad_sweep_and_status_options_are_one_line_errors(string[] args, string expected)
    {
        var outcome = AlfcProcess.Run(args);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(expected, outcome.Stderr.Trim());
    }

    [Fact]
    public void A_node_whose_seed_is_unreachable_gives_up_with_a_one_line_error()
    {
        var outcome = AlfcProcess.Run(new AlfcProcess.Invocation("alfc-node", ["--seeds", "127.0.0.1:9", "--join-timeout", "3"]) { Timeout = TimeSpan.FromSeconds(60) });
        Assert.Equal(2, outcome.ExitCode);
        var lines = outcome.StderrLines.Where(l => l.StartsWith("alfc-node:")).ToList();
        Assert.Equal(["alfc-node: error: --seeds: could not join 127.0.0.1:9 within 3 s (is `alfc sweep --listen` running there? The seed must name the coordinator as its --listen does: a host name and an IP of one machine are two addresses to the cluster, localhost and 127.0.0.1 one)"], lines);
        // Akka's "Remoting shut down." once reached stdout in its own format despite stdout-loglevel = OFF.
        Assert.Equal("", outcome.Stdout);
    }

    /// <summary>
    /// Akka matches addresses as written: a coordinator listening as localhost dropped a node seeded with 127.0.0.1 (and
    /// the reverse), and the node waited out its join timeout. Both executables now write localhost as 127.0.0.1.
    /// </summary>
    [Theory]
    [InlineData("localhost", "127.0.0.1")]
    [InlineData("127.0.0.1", "LOCALHOST")]
    public async Task A_node_joins_a_coordinator_whether_each_names_loopback_as_localhost_or_127_0_0_1(string listenHost, string seedHost)
    {
        var dir = TestPaths.NewScratchDirectory();
        var grid = Path.Combine(dir, "grid.json");
        File.WriteAllText(grid, """{ "name": "loopback", "datasets": ["synthetic"], "methods": ["mv"], "epochs": 1, "attacks": ["fgsm"], "eps": { "synthetic": [0.01] }, "blackBox": false }""");
        int port = FreePorts.Next();
        using var coordinator = AlfcProcess.Start(new AlfcProcess.Invocation("alfc", ["sweep", "--grid", grid, "--store", Path.Combine(dir, "r.db"), "--listen", $"{listenHost}:{port}", "--slots", "0"]));
        var (coordinatorOut, coordinatorErr) = (coordinator.StandardOutput.ReadToEndAsync(), coordinator.StandardError.ReadToEndAsync());
        using var node = AlfcProcess.Start(new AlfcProcess.Invocation("alfc-node", ["--seeds", $"{seedHost}:{port}", "--slots", "1", "--join-timeout", "60", "--rejoin-timeout", "1"]));
        var (nodeOut, nodeErr) = (node.StandardOutput.ReadToEndAsync(), node.StandardError.ReadToEndAsync());
        try
        {
            await coordinator.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
            Assert.True(coordinator.ExitCode == 0, $"exit {coordinator.ExitCode}: {await coordinatorErr}");
            Assert.Contains("1 done", await coordinatorOut);
            // The node ran the trial: the coordinator's log names it as the trial's node.
            Assert.Contains("attempt=1 finished", await coordinatorErr);
            await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.DoesNotContain("could not join", await nodeErr);
        }
        finally
        {
            if (!coordinator.HasExited) coordinator.Kill();
            if (!node.HasExited) node.Kill();
        }
    }

    /// <summary>A node seeded with itself formed a cluster of its own and waited there for ever, past --join-timeout.</summary>
    [Theory]
    [InlineData("127.0.0.1:{port}")]
    [InlineData("localhost:{port}")]
    [InlineData("127.0.0.1:9,127.0.0.1:{port}")]
    public void A_node_seeded_with_its_own_address_is_refused_before_it_starts(string seeds)
    {
        var port = FreePorts.Next();
        var outcome = AlfcProcess.Run(new AlfcProcess.Invocation("alfc-node", ["--seeds", seeds.Replace("{port}", port.ToString()), "--port", port.ToString(), "--join-timeout", "3"])
            { Timeout = TimeSpan.FromSeconds(60) });
        var seed = seeds.Split(',')[^1].Replace("{port}", port.ToString());
        Assert.Equal((2, $"alfc-node: error: --seeds: {seed} is this node's own address (--host 127.0.0.1 --port {port}); give the coordinator's --listen address, and this node another --port"),
            (outcome.ExitCode, outcome.Stderr.Trim()));
    }

    [Theory]
    [InlineData("", "alfc-node: error: --data: the path is empty")]
    [InlineData("/nonexistent/alfc-data", "alfc-node: error: --data /nonexistent/alfc-data: folder not found")]
    public void A_node_given_a_data_root_that_is_not_a_folder_refuses_before_joining(string root, string expected)
    {
        var outcome = AlfcProcess.Run(new AlfcProcess.Invocation("alfc-node", ["--seeds", "127.0.0.1:9", "--data", root, "--join-timeout", "3"]) { Timeout = TimeSpan.FromSeconds(60) });
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal([expected], outcome.StderrLines.Where(l => l.Length > 0));
    }

    [Fact]
    public void A_node_asked_for_a_device_it_cannot_see_refuses_before_joining()
    {
        // cuda:99 exists nowhere: without CUDA the error says so, with it the error names the devices there are.
        var outcome = AlfcProcess.Run(new AlfcProcess.Invocation("alfc-node", ["--seeds", "127.0.0.1:9", "--slots", "2", "--device", "cpu,cuda:99"]) { Timeout = TimeSpan.FromSeconds(60) });
        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith("alfc-node: error: --device cuda:99: ", outcome.Stderr.Trim());
        Assert.DoesNotContain('\n', outcome.Stderr.Trim());
    }

    [Fact]
    public void A_sweep_asked_for_a_device_it_cannot_see_is_refused_and_creates_no_store()
    {
        var dir = TestPaths.NewScratchDirectory();
        var outcome = AlfcProcess.Run("sweep", "--preset", "quick", "--store", Path.Combine(dir, "r.db"), "--device", "cuda:99");
        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith("alfc: error: --device cuda:99: ", outcome.Stderr.Trim());
        Assert.False(File.Exists(Path.Combine(dir, "r.db")));
    }

    [Fact]
    public async Task The_multi_process_smoke_test_survives_a_SIGKILLed_node()
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(TestPaths.RepoRoot, "scripts", "smoke-test.sh"));
        info.Environment["ALFC_BIN"] = AppContext.BaseDirectory;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        Assert.True(process.ExitCode == 0, await stdout + await stderr);
        Assert.Contains("smoke test passed", await stdout);
    }
}
