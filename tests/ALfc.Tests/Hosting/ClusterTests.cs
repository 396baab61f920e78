using ALfc.Core.Poisoning;
using ALfc.Core.Trials;
using Akka.Actor;
using Akka.Cluster;
using ALfc.Coordinator.Hosting;
using ALfc.Coordinator.Store;
using ALfc.Coordinator.Sweeps;
using ALfc.Tests.Trials;
using ALfc.Cluster.Configuration;
using ALfc.Cluster.Hosting;
using ALfc.Cluster.Logging;
using ALfc.Cluster.Trainers;

namespace ALfc.Tests.Hosting;

[CollectionDefinition("cluster", DisableParallelization = true)]
public sealed class ClusterCollection;

/// <summary>
/// Whole sweeps on an in-process cluster: a coordinator ActorSystem and worker-node ActorSystems on 127.0.0.1,
/// port 0, joined over real remoting. The store is read directly (as sqlite3 would) to check that every trial is
/// done exactly once.
/// </summary>
[Collection("cluster")]
public sealed class ClusterTests : IAsyncLifetime
{
    // Faster failure detection than production, so a lost node is noticed within seconds.
    private const string FastFailureDetection = """
        akka.cluster.failure-detector.heartbeat-interval = 500ms
        akka.cluster.failure-detector.acceptable-heartbeat-pause = 5s
        akka.cluster.split-brain-resolver.stable-after = 3s
        akka.cluster.unreachable-nodes-reaper-interval = 500ms
        """;

    // A killed process does not leave the cluster: no coordinated shutdown, no goodbye.
    private const string DiesWithoutLeaving = """
        akka.coordinated-shutdown.run-by-actor-system-terminate = off
        akka.cluster.run-coordinated-shutdown-when-down = off
        """;

    private readonly List<ActorSystem> nodes = [];
    private readonly string dir = TestPaths.NewScratchDirectory();
    private readonly LogSettings log;

    public ClusterTests() => log = new LogSettings(ToConsole: false, File: Path.Combine(dir, "cluster.log"));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in nodes) await node.Terminate().WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static GridSpec Grid(string methods, int repetitions, int epochs) => GridSpec.Parse($$"""
        { "name": "t", "datasets": ["synthetic"], "methods": [{{methods}}], "repetitions": {{repetitions}}, "epochs": {{epochs}},
          "attacks": ["pgd"], "eps": { "synthetic": [0.03] }, "blackBox": false }
        """, "test grid", "t");

    // fuse: null fuses as a sweep does by default (all repetitions of a synthetic group in one unit, up to 10).
    private Task<(SweepHost Host, ResultsStore Store)> StartCoordinator(string storePath, GridSpec grid, int slots, int? fuse = null) =>
        StartCoordinator(storePath, grid.Plan(), slots, TrialKindRegistry.Default, fuse);

    private async Task<(SweepHost Host, ResultsStore Store)> StartCoordinator(string storePath, SweepPlan plan, int slots, TrialKindRegistry kinds, int? fuse = null,
        TimeSpan? logInterval = null)
    {
        var store = ResultsStore.OpenForWriting(storePath, kinds);
        store.Register(plan);
        var options = new SweepOptions(storePath, slots, null, null, MaxAttempts: 3, LogInterval: logInterval ?? TimeSpan.FromSeconds(2), ExtraConfig: FastFailureDetection, Fuse: fuse);
        return (await SweepHost.Start(store, kinds, plan.Name, options, new DatasetCache(null), log), store);
    }

    private async Task<ActorSystem> StartNode(Address seed, string extra = "", TrialKindRegistry? kinds = null, string? dataRoot = null)
    {
        var config = ClusterConfig.Build("127.0.0.1", 0, [ClusterConfig.TrainerRole], [$"{seed.Host}:{seed.Port}"], log, FastFailureDetection + "\n" + extra);
        var system = ActorSystem.Create(ClusterConfig.SystemName, config);
        nodes.Add(system);
        system.ActorOf(CoordinatorWatcher.Props(), "coordinator-watcher");
        NodeHost.StartTrainers(system, 1, [TorchSharp.torch.CPU], new DatasetCache(dataRoot), kinds ?? TrialKindRegistry.Default, TimeSpan.FromSeconds(1));
        // Generous: a shared CI host that stalls for seconds (Akka's "heartbeat was delayed") once took longer than 30 s here.
        Assert.True(await NodeHost.WaitUntilUp(system, TimeSpan.FromSeconds(90)), "node did not join");
        return system;
    }

    [Fact]
    public async Task A_coordinator_and_two_nodes_run_a_grid_to_completion_each_trial_exactly_once()
    {
        var storePath = Path.Combine(dir, "a.db");
        var grid = Grid("\"mv\", \"crowdlayer\", \"alfc\"", repetitions: 2, epochs: 3);
        var (host, store) = await StartCoordinator(storePath, grid, slots: 0);
        await using (host)
        using (store)
        {
            var n1 = await StartNode(host.Address);
            var n2 = await StartNode(host.Address);
            var finished = await host.Finished.WaitAsync(TimeSpan.FromMinutes(3));
            Assert.Equal((6, 0), (finished.Done, finished.Failed));
        }
        Assert.Equal(6, Sqlite.Count(storePath, "SELECT count(*) FROM results"));
        Assert.Equal(6, Sqlite.Count(storePath, "SELECT count(*) FROM trials WHERE status = 'done' AND attempts = 1"));
        // Exactly the cells the grid asked for: white-box PGD at one eps (the spec crossed the wire intact).
        Assert.Equal(6, Sqlite.Count(storePath, "SELECT count(*) FROM cells"));
        Assert.Equal(0, Sqlite.Count(storePath, "SELECT count(*) FROM trials WHERE node IS NULL"));
    }

    [Fact]
    public async Task A_node_lost_mid_trial_gives_its_trial_back_and_every_trial_completes_once()
    {
        var storePath = Path.Combine(dir, "b.db");
        var grid = Grid("\"alfc\"", repetitions: 4, epochs: 60);
        // Units of two fused repetitions.
        await LoseANodeMidTrial(storePath, grid, trials: 4, fuse: 2);
        Assert.Equal(4, Sqlite.Count(storePath, "SELECT count(*) FROM results"));
        Assert.Equal(4, Sqlite.Count(storePath, "SELECT count(*) FROM trials WHERE status = 'done'"));
        Assert.Contains("requeued", File.ReadAllText(Path.Combine(dir, "cluster.log")));
    }

    [Fact]
    public async Task A_node_lost_mid_poisoning_trial_gives_it_back_and_its_rerun_stores_the_record_the_trial_gives_alone()
    {
        var storePath = Path.Combine(dir, "poison.db");
        // SubPac on the built-in synthetic crowd (no data folder needed), cut to 3 rounds and one start so a trial takes
        // a few seconds: long enough to be caught running, short enough for four.
        var grid = GridSpec.Parse("""
            { "name": "p", "repetitions": 2, "poisoning": [ { "answers": ["synthetic"], "attacks": ["subpac"], "malicious": [2],
              "budgets": [0.1, 0.2], "victims": ["subpac-ds", "subpac-mv"], "subpac": { "rounds": 3, "restarts": 1 } } ] }
            """, "test grid", "p");
        string victimTrial = await LoseANodeMidTrial(storePath, grid, trials: 4);
        // Each poisoning trial done once, on its first attempt: the lost node gave its attempt back.
        Assert.Equal(4, Sqlite.Count(storePath, "SELECT count(*) FROM trials WHERE kind = 'poison' AND status = 'done' AND attempts = 1"));
        Assert.Equal(4, Sqlite.Count(storePath, "SELECT count(*) FROM results"));
        Assert.Contains($"attempts given back: {victimTrial}", File.ReadAllText(Path.Combine(dir, "cluster.log")));
        // The rerun stored what the trial gives when run alone in this process: the attack and every victim's numbers.
        var kind = new PoisoningTrialKind();
        var spec = kind.ReadSpec(Sqlite.Text(storePath, $"SELECT config_json FROM trials WHERE id = '{victimTrial}'"));
        var stored = (PoisoningResult)kind.ReadRecord(Sqlite.Text(storePath, $"SELECT record_json FROM results WHERE trial_id = '{victimTrial}'"));
        var alone = (PoisoningResult)kind.Run(spec, new TrialContext(new DatasetCache(null), TorchSharp.torch.CPU), CancellationToken.None);
        Assert.Equal((alone.MaliciousAnswers, alone.AgainstMajority, alone.ItemsPerWorker), (stored.MaliciousAnswers, stored.AgainstMajority, stored.ItemsPerWorker));
        Assert.Equal(alone.Victims, stored.Victims);
        Assert.Equal(alone.Workers, stored.Workers);
        Assert.True(stored.MaliciousAnswers > 0);
    }

    [Fact]
    public async Task A_node_lost_through_its_trainers_is_downed_when_the_sweep_finishes_and_the_others_stay()
    {
        // The victim's only trainer stops while the node itself stays up and reachable: the coordinator hears of the
        // loss from its death watch alone (as it can, seconds before the failure detector, when a process is killed).
        var storePath = Path.Combine(dir, "lost-trainers.db");
        var grid = Grid("\"alfc\"", repetitions: 4, epochs: 60);
        var (host, store) = await StartCoordinator(storePath, grid, slots: 0, fuse: 2);
        await using (host)
        using (store)
        {
            // The healthy node joins once the victim holds a unit, so it cannot take every unit first.
            var victim = await StartNode(host.Address);
            var victimAddress = Akka.Cluster.Cluster.Get(victim).SelfAddress;
            await Poll(() => Sqlite.TextOrNull(storePath, $"SELECT id FROM trials WHERE status = 'running' AND node = '{victimAddress.HostPort()}'"), TimeSpan.FromMinutes(2));
            victim.ActorSelection("/user/trainer-0").Tell(PoisonPill.Instance);
            var healthy = await StartNode(host.Address);
            var finished = await host.Finished.WaitAsync(TimeSpan.FromMinutes(3));
            Assert.Equal((4, 0), (finished.Done, finished.Failed));
            // Downed, so the coordinator can leave without waiting on it: the victim's own system goes down.
            await victim.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(30));
            var survivor = Akka.Cluster.Cluster.Get(healthy);
            Assert.Contains(survivor.State.Members, m => m.Address == survivor.SelfAddress && m.Status == MemberStatus.Up);
            // The survivor hears of the downing by gossip, a moment after the victim's own system has gone down.
            await Poll(() => survivor.State.Members.Any(m => m.Address == victimAddress && m.Status == MemberStatus.Up) ? null : "", TimeSpan.FromSeconds(30));
        }
        Assert.Equal(4, Sqlite.Count(storePath, "SELECT count(*) FROM trials WHERE status = 'done'"));
        Assert.Contains("trainer-0 stopped", File.ReadAllText(Path.Combine(dir, "cluster.log")));
    }

    [Fact]
    public async Task A_new_coordinator_on_the_same_store_resumes_without_running_anything_twice()
    {
        var storePath = Path.Combine(dir, "c.db");
        var grid = Grid("\"mv\", \"alfc\"", repetitions: 4, epochs: 150);
        Dictionary<string, string> doneBefore;
        // Trial by trial (no fusion), so the first coordinator is surely stopped with trials left: a unit of four would
        // finish, and report, while the coordinator shuts down. The trials are long enough (150 epochs) that the six left
        // cannot all finish while it shuts down: with 20 epochs, all eight once did, on a busy machine. The store
        // outlives the coordinator, as in `alfc sweep`: stopped mid-sweep, the coordinator may still be writing a
        // result, and its connection must be open then.
        var (first, firstStore) = await StartCoordinator(storePath, grid, slots: 0, fuse: 1);
        using (firstStore)
        await using (first)
        {
            await StartNode(first.Address);
            await Poll(() => Sqlite.Count(storePath, "SELECT count(*) FROM trials WHERE status = 'done'") >= 2 ? "" : null, TimeSpan.FromMinutes(2));
        } // the coordinator stops here, mid-sweep
        doneBefore = Sqlite.Pairs(storePath, "SELECT id, finished_at FROM trials WHERE status = 'done'");
        Assert.InRange(doneBefore.Count, 2, 7);

        var (second, secondStore) = await StartCoordinator(storePath, grid, slots: 1);
        using (secondStore)
        await using (second)
        {
            var finished = await second.Finished.WaitAsync(TimeSpan.FromMinutes(3));
            Assert.Equal((8, 0), (finished.Done, finished.Failed));
        }
        Assert.Equal(8, Sqlite.Count(storePath, "SELECT count(*) FROM results"));
        // Trials finished under the first coordinator were not run again.
        Assert.Equal(doneBefore, Sqlite.Pairs(storePath, $"SELECT id, finished_at FROM trials WHERE id IN ({string.Join(",", doneBefore.Keys.Select(k => $"'{k}'"))})"));
    }

    [Fact]
    public async Task A_kind_of_trial_the_engine_has_never_seen_runs_beside_training_trials_with_nothing_new_in_queue_store_or_nodes()
    {
        var storePath = Path.Combine(dir, "d.db");
        var kinds = TrialKindRegistry.Default.With(new SquareTrialKind());
        var training = Grid("\"mv\"", repetitions: 2, epochs: 2).Expand();
        var squares = Enumerable.Range(1, 5).Select(v => PlannedTrial.Of(new SquareSpec(v, Seed: v), repetition: v)).ToList();
        var plan = new SweepPlan("mixed", "{}", [.. training, .. squares]);
        var (host, store) = await StartCoordinator(storePath, plan, slots: 0, kinds);
        await using (host)
        using (store)
        {
            var victim = await StartNode(host.Address, DiesWithoutLeaving, kinds);
            await StartNode(host.Address, kinds: kinds);
            // Lose a node while the sweep runs: its trial, of whichever kind, goes back to the queue.
            await Poll(() => Sqlite.Count(storePath, "SELECT count(*) FROM trials WHERE status = 'done'") >= 1 ? "" : null, TimeSpan.FromMinutes(2));
            await victim.Terminate();
            var finished = await host.Finished.WaitAsync(TimeSpan.FromMinutes(3));
            Assert.Equal((7, 0), (finished.Done, finished.Failed));
            var groups = (await host.Snapshots()).Groups;
            Assert.Equal(55.0 / 5, Assert.Single(groups, g => g.Group.Kind == SquareTrialKind.Name_).Headline.Mean, 12);
        }
        Assert.Equal(5, Sqlite.Count(storePath, "SELECT count(*) FROM trials WHERE kind = 'square' AND status = 'done'"));
        Assert.Equal(2, Sqlite.Count(storePath, "SELECT count(*) FROM trials WHERE kind = 'train' AND status = 'done'"));
        // Each square trial's stored headline is its value squared, computed on a node: 1 + 4 + 9 + 16 + 25.
        Assert.Equal(55.0, Sqlite.Scalar(storePath, "SELECT sum(r.clean) FROM results r JOIN trials t ON t.id = r.trial_id WHERE t.kind = 'square'"), 12);
    }

    [Fact]
    public async Task A_node_lost_mid_unit_gives_back_only_the_units_unfinished_repetitions()
    {
        var storePath = Path.Combine(dir, "unit.db");
        // Units of three squares, one second each: the victim takes the first unit and is killed after its first result.
        var kinds = TrialKindRegistry.Default.With(new SquareTrialKind(fusionWidth: 3, pauseMilliseconds: 1000));
        var plan = new SweepPlan("units", "{}", Enumerable.Range(1, 6).Select(v => PlannedTrial.Of(new SquareSpec(v, Seed: v), repetition: v)).ToList());
        var (host, store) = await StartCoordinator(storePath, plan, slots: 0, kinds);
        Dictionary<string, string> doneOnVictim;
        await using (host)
        using (store)
        {
            var victim = await StartNode(host.Address, DiesWithoutLeaving, kinds);
            var victimNode = Akka.Cluster.Cluster.Get(victim).SelfAddress.HostPort();
            await Poll(() => Sqlite.Count(storePath, "SELECT count(*) FROM trials WHERE status = 'done'") >= 1 ? "" : null, TimeSpan.FromMinutes(1));
            await victim.Terminate();
            doneOnVictim = Sqlite.Pairs(storePath, $"SELECT id, finished_at FROM trials WHERE status = 'done' AND node = '{victimNode}'");
            Assert.InRange(doneOnVictim.Count, 1, 2);
            await StartNode(host.Address, kinds: kinds);
            var finished = await host.Finished.WaitAsync(TimeSpan.FromMinutes(2));
            Assert.Equal((6, 0), (finished.Done, finished.Failed));
        }
        Assert.Equal(6, Sqlite.Count(storePath, "SELECT count(*) FROM results"));
        Assert.Equal(6, Sqlite.Count(storePath, "SELECT count(*) FROM trials WHERE status = 'done' AND attempts = 1"));
        // The victim's finished repetitions were kept, not run again; only the rest of its unit went back to the queue.
        Assert.Equal(doneOnVictim, Sqlite.Pairs(storePath, $"SELECT id, finished_at FROM trials WHERE id IN ({string.Join(",", doneOnVictim.Keys.Select(k => $"'{k}'"))})"));
        Assert.Contains($"requeued {3 - doneOnVictim.Count} trial(s)", File.ReadAllText(Path.Combine(dir, "cluster.log")));
        Assert.Contains("(fused: leads a unit of 3)", File.ReadAllText(Path.Combine(dir, "cluster.log")));
        Assert.Contains("(fused: unit of 3 led by ", File.ReadAllText(Path.Combine(dir, "cluster.log")));
        Assert.Equal(91.0, Sqlite.Scalar(storePath, "SELECT sum(clean) FROM results"), 12); // 1 + 4 + ... + 36, each once
    }

    [Fact]
    public async Task A_result_the_store_cannot_take_fails_its_trial_after_the_cap_while_the_sweep_goes_on_and_the_log_stays_bounded()
    {
        var storePath = Path.Combine(dir, "e.db");
        var kinds = TrialKindRegistry.Default.With(new SquareTrialKind());
        var plan = new SweepPlan("unstorable", "{}", Enumerable.Range(1, 4).Select(v => PlannedTrial.Of(new SquareSpec(v, Seed: v), repetition: v)).ToList());
        var (host, store) = await StartCoordinator(storePath, plan, slots: 1, kinds);
        // The store refuses one result, as it refused NaN: every insert of the square of 2 aborts its transaction.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={storePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TRIGGER refuse_four BEFORE INSERT ON results WHEN NEW.clean = 4 BEGIN SELECT RAISE(ABORT, 'cannot store this'); END;";
            command.ExecuteNonQuery();
        }
        var unstorable = plan.Trials[1].Id;
        await using (host)
        using (store)
        {
            var finished = await host.Finished.WaitAsync(TimeSpan.FromMinutes(2));
            Assert.Equal((3, 1), (finished.Done, finished.Failed));
        }
        Assert.Equal(("failed", 3L), (Sqlite.Text(storePath, $"SELECT status FROM trials WHERE id = '{unstorable}'"), Sqlite.Count(storePath, $"SELECT attempts FROM trials WHERE id = '{unstorable}'")));
        Assert.StartsWith("result could not be stored: SqliteException", Sqlite.Text(storePath, $"SELECT last_error FROM trials WHERE id = '{unstorable}'"));
        // Three attempts, a handful of lines each: started, assigned, finished on the slot, failed at the coordinator.
        var lines = File.ReadAllLines(Path.Combine(dir, "cluster.log")).Where(l => l.Contains($"trial={unstorable}")).ToList();
        Assert.InRange(lines.Count, 3, 20);
        Assert.Single(lines, l => l.Contains("failed for good"));
    }

    [Fact]
    public async Task A_node_without_the_inputs_declines_its_trials_without_using_attempts_and_they_wait_for_and_run_on_a_node_that_has_them()
    {
        var storePath = Path.Combine(dir, "f.db");
        // Units of three fused squares, so a unit comes back as three declines.
        var (kinds, plan) = NeedingNumbers("declined", trials: 3, fusionWidth: 3);
        var withData = Directory.CreateDirectory(Path.Combine(dir, "with-data")).FullName;
        File.WriteAllText(Path.Combine(withData, "numbers.txt"), "1 2 3");
        var without = Directory.CreateDirectory(Path.Combine(dir, "without-data")).FullName;
        var logPath = Path.Combine(dir, "cluster.log");
        // No progress line for 10 minutes: the first "waiting" line can only be the one said when the unit came back.
        var (host, store) = await StartCoordinator(storePath, plan, slots: 0, kinds, logInterval: TimeSpan.FromMinutes(10));
        string lackingNode;
        await using (host)
        using (store)
        {
            var lacking = await StartNode(host.Address, kinds: kinds, dataRoot: without);
            lackingNode = Akka.Cluster.Cluster.Get(lacking).SelfAddress.HostPort();
            // Alone in the cluster, it declines: the trials wait with no attempt used and the reason kept, and the log
            // says what to do as soon as the whole unit is back, counting all three (and again at each progress line).
            await Poll(() => File.ReadAllLines(logPath).Any(l => l.Contains("waiting: 3 trial(s) of square/numbers")) ? "" : null, TimeSpan.FromMinutes(2));
            Assert.Equal(3, Sqlite.Count(storePath, "SELECT count(*) FROM trials WHERE status = 'queued' AND attempts = 0"));
            // The unit it was handed keeps the reason.
            Assert.Equal(3, Sqlite.Count(storePath, "SELECT count(*) FROM trials WHERE last_error LIKE 'declined by %: numbers.txt not found in %'"));
            await StartNode(host.Address, kinds: kinds, dataRoot: withData);
            var finished = await host.Finished.WaitAsync(TimeSpan.FromMinutes(2));
            Assert.Equal((3, 0), (finished.Done, finished.Failed));
        }
        Assert.Equal(3, Sqlite.Count(storePath, "SELECT count(*) FROM trials WHERE status = 'done' AND attempts = 1"));
        Assert.Equal(0, Sqlite.Count(storePath, $"SELECT count(*) FROM trials WHERE node = '{lackingNode}'"));
        // One WARN line for the node and input, however many of its trials it was handed.
        Assert.Single(File.ReadAllLines(logPath), l => l.Contains("declined, attempt given back") && l.Contains($"node={lackingNode}"));
    }

    [Fact]
    public async Task The_progress_line_counts_trials_no_node_will_take_as_blocked_not_in_its_eta()
    {
        var storePath = Path.Combine(dir, "b.db");
        var (kinds, plan) = NeedingNumbers("blocked", trials: 2, fusionWidth: 1);
        var without = Directory.CreateDirectory(Path.Combine(dir, "without-data")).FullName;
        var logPath = Path.Combine(dir, "cluster.log");
        var (host, store) = await StartCoordinator(storePath, plan, slots: 0, kinds, logInterval: TimeSpan.FromSeconds(1));
        await using (host)
        using (store)
        {
            await StartNode(host.Address, kinds: kinds, dataRoot: without);
            // Both trials declined by the only node: no ETA for them, and the line says how many wait.
            var line = await Poll(() => File.ReadAllLines(logPath).FirstOrDefault(l => l.Contains("progress done=0/2") && l.Contains("blocked=2")), TimeSpan.FromMinutes(2));
            Assert.Contains(" eta=- blocked=2 ", line);
        }
    }

    /// <summary>A sweep of squares whose trials need the input numbers.txt under the node's data root (a node without it declines them).</summary>
    private static (TrialKindRegistry Kinds, SweepPlan Plan) NeedingNumbers(string name, int trials, int fusionWidth) =>
        (TrialKindRegistry.Default.With(new SquareTrialKind(fusionWidth, requiredInput: "numbers.txt")),
         new SweepPlan(name, "{}", Enumerable.Range(1, trials).Select(v => PlannedTrial.Of(new SquareSpec(v, Seed: v), repetition: v)).ToList()));

    /// <summary>
    /// Runs <paramref name="grid"/> on a coordinator without slots and a node that dies, without leaving the cluster, while a
    /// trial of it runs; a second node joins only then (had it joined first, it could take every trial before the victim's
    /// first request found the coordinator). Checks that all <paramref name="trials"/> finish and the victim's trial ran
    /// elsewhere, and returns its id.
    /// </summary>
    private async Task<string> LoseANodeMidTrial(string storePath, GridSpec grid, int trials, int? fuse = null)
    {
        var (host, store) = await StartCoordinator(storePath, grid, slots: 0, fuse);
        await using (host)
        using (store)
        {
            var victim = await StartNode(host.Address, DiesWithoutLeaving);
            var victimNode = Akka.Cluster.Cluster.Get(victim).SelfAddress.HostPort();
            var victimTrial = await Poll(() => Sqlite.TextOrNull(storePath, $"SELECT id FROM trials WHERE status = 'running' AND node = '{victimNode}'"), TimeSpan.FromMinutes(2));
            await victim.Terminate();
            await StartNode(host.Address);
            var finished = await host.Finished.WaitAsync(TimeSpan.FromMinutes(4));
            Assert.Equal((trials, 0), (finished.Done, finished.Failed));
            Assert.NotEqual(victimNode, Sqlite.Text(storePath, $"SELECT node FROM trials WHERE id = '{victimTrial}'"));
            return victimTrial;
        }
    }

    private static async Task<string> Poll(Func<string?> probe, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } value) return value;
            await Task.Delay(100);
        }
        throw new TimeoutException("condition not met in time");
    }
}
