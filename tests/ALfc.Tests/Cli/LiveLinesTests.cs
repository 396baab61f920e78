using System.Collections.Immutable;
using ALfc.Coordinator.Actors;
using ALfc.Core.Evaluation;
using ALfc.Core.Statistics;
using ALfc.Core.Trials;
using ALfc.Coordinator.Cli;
using ALfc.Coordinator.Store;
using ALfc.Coordinator.Sweeps;
using ALfc.Messages;
using ALfc.Core.Training;
using ALfc.Tests.Reports;

namespace ALfc.Tests.Cli;

/// <summary>What the live lines, `alfc status` and `alfc show` tell a user about a run.</summary>
public class LiveLinesTests
{
    [Fact]
    public void The_train_line_shows_epoch_total_and_loss_and_names_a_phase_only_when_it_adds_to_the_method()
    {
        Assert.Equal("epoch 3/100, loss 0.4321", TrainCommand.Phase("alfc", new TrainingProgress("alfc (paper)", 3, 100, 0.43214)));
        Assert.Equal("pretrain on mv: epoch 7/400, loss 1.0000", TrainCommand.Phase("aggnet", new TrainingProgress("pretrain on mv", 7, 400, 1.0)));
        Assert.Equal("epoch 1/2", TrainCommand.Phase("gt", new TrainingProgress("gt", 1, 2)));
    }

    [Fact]
    public void The_sweep_bar_counts_only_this_runs_trials_so_a_resumed_sweep_starts_at_zero_and_ends_at_its_true_state()
    {
        SweepStatus Status(int done, int failed) => new("s", 30, done, 0, 30 - done - failed, failed, new Dictionary<string, int>());
        // Resumed with 20 of 30 done: the bar starts empty over the 10 left, so its rate is this run's.
        Assert.Equal((0.0, 10.0), SweepRunner.BarProgress(Status(20, 0), 20));
        Assert.Equal((2.0, 10.0), SweepRunner.BarProgress(Status(22, 0), 20));
        // Ending with 2 failed for good: full, since nothing is left to run, and the description says 28 done, 2 failed.
        Assert.Equal((10.0, 10.0), SweepRunner.BarProgress(Status(28, 2), 20));
    }

    [Fact]
    public void Status_groups_a_hosts_node_addresses_and_shows_each_nodes_running_trial_and_for_how_long()
    {
        var now = new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
        StoredTrial Trial(string id, string status, string? node, string? started) =>
            new(id, "train", "synthetic", "alfc", 0.5, "paper", 2, 2, status, null) { Node = node, StartedAt = started, Attempts = 1 };
        // The machine 10.0.0.11 restarted its node (a new port); 10.0.0.12 runs one trial.
        var trials = new[]
        {
            Trial("aaaa", "running", "alfc@10.0.0.11:4060", now.AddSeconds(-90).ToString("O")),
            Trial("bbbb", "running", "alfc@10.0.0.12:4054", now.AddSeconds(-5).ToString("O")),
            Trial("cccc", "done", "alfc@10.0.0.11:4054", null),
        };
        var byNode = new Dictionary<string, int> { ["alfc@10.0.0.11:4054"] = 3, ["alfc@10.0.0.11:4060"] = 2, ["alfc@10.0.0.12:4054"] = 4 };
        var devices = byNode.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)["cpu"]);
        var hosts = StatusCommand.HostLines(trials, byNode, devices, now);
        Assert.Equal(["10.0.0.11", "10.0.0.12"], hosts.Select(h => (string)h.Json["host"]!));
        var first = hosts[0].Lines;
        Assert.Equal("  host 10.0.0.11: 5 done on cpu (2 node addresses)", first[0]);
        Assert.Equal("    alfc@10.0.0.11:4054: 3 done on cpu; no trial running", first[1]);
        Assert.Equal("    alfc@10.0.0.11:4060: 2 done on cpu; running aaaa (synthetic/alfc, repetition 2, attempt 1) for 1m30s", first[2]);
        Assert.Equal(5.0, (double)hosts[1].Json["nodes"]![0]!["running"]![0]!["seconds"]!);
        // With no sweep process (interrupted), the same rows run nowhere: no node is shown running, nor timed.
        var stopped = StatusCommand.HostLines(trials, byNode, devices, now, live: false);
        Assert.Equal("    alfc@10.0.0.11:4060: 2 done on cpu; no trial running", stopped[0].Lines[2]);
        Assert.Empty((Newtonsoft.Json.Linq.JArray)stopped[1].Json["nodes"]![0]!["running"]!);
    }

    [Fact]
    public void Show_prints_a_trials_config_status_record_and_attempts_and_refuses_an_unknown_one()
    {
        var store = ReportTests.KnownStore();
        string id;
        using (var results = ResultsStore.OpenReadOnly(store)) id = results.Trials("k").First(t => t.Method == "alfc" && t.Repetition == 1).Id;
        var run = AlfcProcess.Run("show", id[..8], "--store", store);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains($"trial {id} (train): synthetic/alfc, repetition 1, seed 1", run.Stdout);
        Assert.Contains("status     done, 1 attempt(s)", run.Stdout);
        Assert.Contains("node       n", run.Stdout);
        Assert.Contains("\"method\": \"alfc\"", run.Stdout); // the config
        Assert.Contains("clean accuracy 0.8000", run.Stdout); // the record: white 0.7 + 0.1
        Assert.Contains("log (0 line(s) naming the trial)", run.Stdout);

        var unknown = AlfcProcess.Run("show", "ffffffff", "--store", store);
        Assert.Equal((2, $"alfc: error: {store}: no trial 'ffffffff'"), (unknown.ExitCode, unknown.Stderr.Trim()));
    }

    [Fact]
    public void The_closing_summary_shows_the_grids_own_attack_and_only_the_boxes_it_evaluated()
    {
        static CellStatistics Of(params double[] values) => values.Aggregate(CellStatistics.Empty, (s, v) => s.Add(v));
        var cells = ImmutableSortedDictionary.CreateRange(new[]
        {
            KeyValuePair.Create(new CellKey(Box.White, "fgsm", 0.01), Of(0.7, 0.7)),
            KeyValuePair.Create(new CellKey(Box.White, "fgsm", 0.03), Of(0.5, 0.5)),
        });
        var group = new ResultCollectorActor.Snapshot(new TrialGroup("train", "synthetic", "alfc", 0.5, "paper"), "clean", Of(0.9, 0.9), cells);
        var text = SweepRunner.Summary("s", new StoreStatus("s", 2, 2, 0, 0, 0), [group]);
        Assert.Contains("FGSM at the largest eps:", text);
        Assert.Contains("white fgsm", text);
        Assert.DoesNotContain("black", text);
        Assert.DoesNotContain("pgd", text, StringComparison.OrdinalIgnoreCase);
        // The largest eps (0.03), n = 2 equal values: a zero-width interval.
        Assert.Matches(@"synthetic/alfc/alpha=0\.5/paper\s+2\s+0\.900 ± 0\.000\s+0\.500 ± 0\.000\s*$", text.Split('\n')[^1]);
    }
}
