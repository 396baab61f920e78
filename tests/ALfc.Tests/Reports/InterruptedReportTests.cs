using ALfc.Coordinator.Store;
using ALfc.Coordinator.Sweeps;
using ALfc.Core;
using ALfc.Core.Poisoning;
using ALfc.Core.Poisoning.Evaluation;
using ALfc.Core.Trials;

namespace ALfc.Tests.Reports;

/// <summary>
/// A report on a sweep stopped early must show what is planned against what is done, for both kinds of trial: a
/// setting no seed has finished keeps its row as "missing (0/n)", a partly done one says n = done/planned.
/// </summary>
public class InterruptedReportTests
{
    /// <summary>
    /// A mixed grid of 3 repetitions stopped after one trial: mv on synthetic (none done) and flip at a = 0.1 and 0.3 on
    /// subpac/temp, of which only the first seed of a = 0.1 finished, with ASR 0.25 on subpac-ds and 0.5 on mv.
    /// </summary>
    private static string InterruptedStore()
    {
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "stopped.db");
        var grid = GridSpec.Parse("""
            { "name": "stopped", "datasets": ["synthetic"], "methods": ["mv"], "repetitions": 3, "attacks": ["pgd"], "eps": { "synthetic": [0.01, 0.03] },
              "poisoning": [ { "answers": ["subpac/temp"], "attacks": ["flip"], "substitutes": ["ds"], "malicious": [5], "budgets": [0.1, 0.3],
                               "victims": ["subpac-ds", "mv"] } ] }
            """, "g", "stopped");
        var trials = grid.Expand();
        using var store = ResultsStore.OpenForWriting(path, TrialKindRegistry.Default);
        store.Register(new SweepPlan(grid.Name, grid.Json, trials));
        var first = trials.Where(t => t.Spec is PoisoningSpec { Budget: 0.1 }).MinBy(t => ((PoisoningSpec)t.Spec).Seed)!;
        var spec = (PoisoningSpec)first.Spec;
        var result = new PoisoningResult
        {
            Answers = spec.Answers, Attack = spec.Attack, Substitute = spec.Substitute, MaliciousWorkers = 5, Budget = 0.1, ItemsPerWorker = 46,
            Seed = spec.Seed, ConfigHash = first.Id, Items = 462, MaliciousAnswers = 230, AgainstMajority = 200,
            Victims = [new VictimScore("subpac-ds", 0.9, 0.675, 0.25, 104, 462), new VictimScore("mv", 0.8, 0.4, 0.5, 185, 462)],
            Workers = [], AttackSeconds = 1, EvalSeconds = 1, Versions = new(),
        };
        store.MarkRunning(first.Id, "n", 1);
        store.RecordResult(first.Id, "n", result, AlfcJson.Serialize(result));
        return path;
    }

    [Fact]
    public void Unfinished_settings_of_both_kinds_read_missing_and_partly_done_ones_say_done_of_planned()
    {
        var report = TestPaths.NewScratchDirectory();
        Coordinator.Cli.ReportCommand.Run(InterruptedStore(), report, null, null);

        var md = File.ReadAllText(Path.Combine(report, "poisoning.md"));
        Assert.Contains("| flip | none | 5 | 0.1 | **0.250 (n=1/3)** | 0.500 (n=1/3) |", md);
        Assert.Contains("| flip | none | 5 | 0.3 | **missing (0/3)** | missing (0/3) |", md);
        var csv = File.ReadAllLines(Path.Combine(report, "poisoning.csv"));
        Assert.Equal("answers,attack,substitute,malicious,budget,average_budget,victim,n,planned,asr_mean,asr_ci95,clean_accuracy,poisoned_accuracy,labels_changed", csv[0]);
        Assert.Contains("subpac/temp,flip,none,5,0.1,false,subpac-ds,1,3,0.25,,0.9,0.675,104", csv);
        Assert.Contains("subpac/temp,flip,none,5,0.3,false,mv,0,3,,,,,", csv);
        Assert.Equal(1 + 4, csv.Length);

        // No training trial finished: its tables are there, every cell missing against the three planned repetitions.
        var tables = File.ReadAllText(Path.Combine(report, "tables.md"));
        Assert.Contains("### synthetic, white-box, pgd", tables);
        Assert.Contains("| 0 (clean) | missing (0/3) |", tables);
        Assert.Contains("| 0.03 | missing (0/3) |", tables);

        var html = File.ReadAllText(Path.Combine(report, "index.html"));
        Assert.Contains("0 of 3 training trials finished", html);
        Assert.Contains("1 of 6 poisoning trials finished", html);
        // The headline victim is bold on the page too, not wrapped in literal asterisks.
        Assert.Contains("<td><strong>0.250 (n=1/3)</strong></td>", html);
        Assert.DoesNotContain("**", html);
    }
}
