using ALfc.Core;
using ALfc.Core.Data;
using ALfc.Core.Data.AnswerSets;
using Newtonsoft.Json.Linq;

namespace ALfc.Tests.Cli;

/// <summary>`alfc poison`, `alfc victims` and poisoning grids, run as a user runs them, on a small answer set made here.</summary>
[Collection("cluster")]
public class PoisonCommandTests
{
    /// <summary>
    /// A data root holding subpac/datasets/toy: 40 binary items, 8 workers each answering every item correctly with
    /// probability 0.8 (seeded), and the truth.
    /// </summary>
    private static string ToyDataRoot()
    {
        var root = TestPaths.NewScratchDirectory();
        var folder = Path.Combine(root, "subpac", "datasets", "toy");
        Directory.CreateDirectory(folder);
        var random = new Random(7);
        var truth = Enumerable.Range(0, 40).Select(_ => random.Next(2)).ToArray();
        File.WriteAllLines(Path.Combine(folder, "answer.csv"), ["question,worker,answer",
            .. Enumerable.Range(0, 40).SelectMany(i => Enumerable.Range(0, 8).Select(j => $"{i},{j},{(random.NextDouble() < 0.8 ? truth[i] : 1 - truth[i])}"))]);
        File.WriteAllLines(Path.Combine(folder, "truth.csv"), ["question,truth", .. truth.Select((t, i) => $"{i},{t}")]);
        return root;
    }

    private static string Toy(string root) => Path.Combine(root, "subpac", "datasets", "toy");

    [Fact]
    public void Poison_writes_the_poisoned_answers_normal_first_and_victims_scores_that_file_to_the_same_numbers()
    {
        var root = ToyDataRoot();
        var output = Path.Combine(root, "poisoned.csv");
        var poison = AlfcProcess.Run("poison", "--answers", Toy(root), "--attack", "greedy", "--malicious", "3", "--budget", "0.25",
            "--victims", "subpac-ds,subpac-mv,subpac-wmv,catd,mv", "--seed", "5", "--out", output, "--json");
        Assert.Equal(0, poison.ExitCode);
        var record = JObject.Parse(poison.Stdout);
        Assert.Equal((3, 10, 30), ((int)record["maliciousWorkers"]!, (int)record["itemsPerWorker"]!, (int)record["maliciousAnswers"]!));

        // The file: a header, the 320 normal answers as given, then 3 malicious workers (ids 8, 9, 10) x 10 items.
        var lines = File.ReadAllLines(output);
        Assert.Equal(1 + 320 + 30, lines.Length);
        Assert.Equal(File.ReadAllLines(Path.Combine(Toy(root), "answer.csv")), lines[..321]);
        Assert.Equal(["8", "9", "10"], lines[321..].Select(l => l.Split(',')[1]).Distinct().OrderBy(int.Parse));

        // With the same --seed, the victims with random tie-breaks (subpac-wmv, catd) break them the same way.
        var victims = AlfcProcess.Run("victims", "--answers", Toy(root), "--poisoned", output, "--victims", "subpac-ds,subpac-mv,subpac-wmv,catd,mv", "--seed", "5", "--json");
        Assert.Equal(0, victims.ExitCode);
        Assert.Equal(record["victims"]!.ToString(), JObject.Parse(victims.Stdout)["victims"]!.ToString());
    }

    [Fact]
    public void Victims_without_a_truth_file_is_one_line_naming_it_and_exit_2()
    {
        var root = ToyDataRoot();
        var output = Path.Combine(root, "poisoned.csv");
        Assert.Equal(0, AlfcProcess.Run("poison", "--answers", Toy(root), "--attack", "flip", "--budget", "0.2", "--out", output).ExitCode);
        File.Delete(Path.Combine(Toy(root), "truth.csv"));
        var outcome = AlfcProcess.Run("victims", "--answers", Toy(root), "--poisoned", output);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"alfc: error: {Path.Combine(Toy(root), "truth.csv")}: missing or empty: no item has a known truth, so no victim can be scored", outcome.Stderr.Trim());
    }

    [Fact]
    public void Poison_runs_k_class_on_an_alfc_dataset_and_scores_every_victim()
    {
        var outcome = AlfcProcess.Run("poison", "--dataset", "synthetic", "--attack", "subpac", "--malicious", "2", "--budget", "0.1",
            "--subpac", "rounds=2,innerSteps=10", "--json");
        Assert.Equal(0, outcome.ExitCode);
        var victims = (JArray)JObject.Parse(outcome.Stdout)["victims"]!;
        Assert.Equal(11, victims.Count);
        Assert.All(victims, v => Assert.InRange((double)v["asr"]!, 0, 1));
    }

    public static TheoryData<string, string[], string> BadInputs() => new()
    {
        { "label 'x' ", ["--answers", "{bad-label}"], "answer.csv:3: " },
        { "worker", ["--answers", "{no-worker}"], "answer.csv:2: " },
        { "budget", ["--budget", "1.5"], "--budget: the fraction of items per malicious worker must be in (0, 1], got 1.5" },
        { "budget", ["--budget", "0"], "--budget: the fraction of items per malicious worker must be in (0, 1], got 0" },
        { "malicious", ["--malicious", "0"], "--malicious: the number of malicious workers must be at least 1, got 0" },
        { "malicious", ["--malicious", "2147483647"], "--malicious: must be from 1 to 10000 malicious workers, got 2147483647" },
        { "out", ["--out", ""], "--out: the path is empty" },
        { "victim", ["--victims", "subpac-ds,oracle"], "--victims: unknown victim 'oracle'" },
        { "substitute", ["--substitute", "svm"], "unknown substitute 'svm'" },
        { "attack", ["--attack", "nuke"], "--attack: unknown poisoning attack 'nuke'" },
        { "tia", ["--attack", "TIA"], "--attack: 'tia' (Miao et al., WWW 2018) is not built, its formulation could not be obtained; 'ds-gradient' is this project's stand-in" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_poisoning_input_is_one_line_and_exit_2(string what, string[] args, string expected)
    {
        var root = ToyDataRoot();
        var bad = Path.Combine(root, "bad-label");
        Directory.CreateDirectory(bad);
        File.WriteAllText(Path.Combine(bad, "answer.csv"), "question,worker,answer\n0,0,1\n0,1,x\n");
        var noWorker = Path.Combine(root, "no-worker");
        Directory.CreateDirectory(noWorker);
        File.WriteAllText(Path.Combine(noWorker, "answer.csv"), "question,worker,answer\n0,,1\n");
        var full = args.Select(a => a.Replace("{bad-label}", bad).Replace("{no-worker}", noWorker)).ToList();
        if (!full.Contains("--answers")) full.AddRange(["--answers", Toy(root)]);
        var outcome = AlfcProcess.Run(["poison", .. full]);
        Assert.Equal(2, outcome.ExitCode);
        var line = Assert.Single(outcome.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("alfc: error: ", line);
        Assert.Contains(expected, line);
        Assert.Contains(what.Split(' ')[0], line);
    }

    [Fact]
    public void A_grid_of_poisoning_trials_runs_resumably_and_a_bad_one_leaves_an_existing_store_untouched()
    {
        var root = ToyDataRoot();
        var grid = Path.Combine(root, "grid.json");
        File.WriteAllText(grid, """
            { "name": "toy-poison", "repetitions": 2,
              "poisoning": [ { "answers": ["subpac/toy"], "attacks": ["flip", "greedy", "subpac"], "substitutes": ["ds"], "malicious": [2],
                               "budgets": [0.2, "average"], "victims": ["subpac-ds", "subpac-mv"], "subpac": { "rounds": 2, "innerSteps": 10 } } ] }
            """);
        var store = Path.Combine(root, "r.db");
        var report = Path.Combine(root, "report");
        var first = AlfcProcess.Run("sweep", "--grid", grid, "--store", store, "--data", root, "--report", report);
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("sweep 'toy-poison' finished: 12 done, 0 failed of 12.", first.Stdout);
        // The report's poisoning section: one tidy CSV row per attack x budget x victim (3 x 2 x 2), a budget curve, the reliability scatter.
        Assert.Equal(1 + 12, File.ReadAllLines(Path.Combine(report, "poisoning.csv")).Length);
        Assert.Contains("| flip | ds | 2 | 0.2 |", File.ReadAllText(Path.Combine(report, "poisoning.md")));
        Assert.True(File.Exists(Path.Combine(report, "figures", "poison-budget-subpac_toy-ds-m2.png")));
        Assert.True(File.Exists(Path.Combine(report, "figures", "poison-reliability.png")));
        Assert.Contains("Data poisoning (SubPac", File.ReadAllText(Path.Combine(report, "index.html")));
        Assert.Equal(12, Sqlite.Count(store, "SELECT count(*) FROM trials WHERE kind = 'poison' AND status = 'done'"));
        // "average" is the normal workers' mean labels over N: 40 answers each of 40 items, so a = 1.
        Assert.Equal(1.0, Sqlite.Scalar(store, "SELECT max(json_extract(r.record_json, '$.budget')) FROM results r"), 12);
        var again = AlfcProcess.Run("sweep", "--grid", grid, "--store", store, "--data", root);
        Assert.Equal($"sweep 'toy-poison': all 12 trials are already done in {store}; nothing to run.", again.Stdout.Trim());

        var before = File.ReadAllBytes(store);
        foreach (var (field, json) in new[]
        {
            ("budgets[0]", """{ "poisoning": [ { "answers": ["subpac/toy"], "attacks": ["flip"], "budgets": [1.5] } ] }"""),
            ("malicious[0]", """{ "poisoning": [ { "answers": ["subpac/toy"], "attacks": ["flip"], "malicious": [0], "budgets": [0.2] } ] }"""),
            ("victims[0]", """{ "poisoning": [ { "answers": ["subpac/toy"], "attacks": ["flip"], "victims": ["oracle"], "budgets": [0.2] } ] }"""),
            ("substitutes[0]", """{ "poisoning": [ { "answers": ["subpac/toy"], "attacks": ["flip"], "substitutes": ["svm"], "budgets": [0.2] } ] }"""),
        })
        {
            File.WriteAllText(grid, json);
            var bad = AlfcProcess.Run("sweep", "--grid", grid, "--store", store, "--data", root);
            Assert.Equal(2, bad.ExitCode);
            Assert.Contains($"poisoning[0].{field}", bad.Stderr);
            Assert.Equal(before, File.ReadAllBytes(store));
        }
    }
}
