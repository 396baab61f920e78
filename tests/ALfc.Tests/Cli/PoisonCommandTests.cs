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

    /// <summary><see cref="ToyDataRoot"/> with a second set, subpac/notruth: the toy's answers and no truth.csv.</summary>
    private static string ToyDataRootWithAnUntruthedSet()
    {
        var root = ToyDataRoot();
        var noTruth = Path.Combine(root, "subpac", "datasets", "notruth");
        Directory.CreateDirectory(noTruth);
        File.Copy(Path.Combine(Toy(root), "answer.csv"), Path.Combine(noTruth, "answer.csv"));
        return root;
    }

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
        Assert.Equal(3, (int)JObject.Parse(victims.Stdout)["maliciousWorkers"]!); // the same key as poison's
    }

    [Fact]
    public void A_poisoned_file_the_disk_will_not_take_is_one_error_naming_out_and_leaves_no_hidden_file()
    {
        var root = ToyDataRoot();
        var folder = TestPaths.NewScratchDirectory();
        var output = Path.Combine(folder, "poisoned.csv");
        // The toy file is about 2.5 KiB: past a 1 KiB file size limit the write fails with EFBIG, as on a full disk.
        var outcome = AlfcProcess.Run(new AlfcProcess.Invocation("alfc", ["poison", "--answers", Toy(root), "--attack", "flip", "--malicious", "2",
            "--budget", "0.5", "--victims", "mv", "--out", output]) { FileSizeLimitKiB = 1 });
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"alfc: error: --out: {output}: cannot write it: it would exceed the largest file this process may write (ulimit -f); nothing was written",
            Assert.Single(outcome.StderrLines));
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public void Threshold_SubPac_says_how_many_items_its_workers_labelled_beside_the_budget()
    {
        // The paper's settings enforce the budget by the t̃ > ½ threshold, which here keeps fewer items than ⌈a·N⌉ = 20.
        var root = ToyDataRoot();
        string[] args = ["poison", "--answers", Toy(root), "--attack", "subpac", "--subpac", "paper", "--malicious", "2", "--budget", "0.5", "--victims", "mv"];
        var record = JObject.Parse(AlfcProcess.Run([.. args, "--json"]).Stdout);
        var (answers, budget) = ((int)record["maliciousAnswers"]!, (int)record["itemsPerWorker"]!);
        Assert.Equal(20, budget);
        Assert.True(answers < 2 * budget, $"{answers} answers: the threshold kept the whole budget, so this case shows nothing");
        var header = AlfcProcess.Run(args).Stdout.Split('\n')[0];
        Assert.EndsWith(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"2 malicious workers x {answers / 2.0:0.#} {(answers == 2 ? "item" : "items")} on average (budget 20, a = 0.5), substitute ds, seed 0"), header);
    }

    [Fact]
    public void A_stdout_that_takes_nothing_is_named_in_one_error_line()
    {
        var root = ToyDataRoot();
        var outcome = AlfcProcess.Run(new AlfcProcess.Invocation("alfc", ["poison", "--answers", Toy(root), "--attack", "flip", "--malicious", "2",
            "--budget", "0.5", "--victims", "mv", "--json"]) { StdoutFile = "/dev/full" });
        Assert.Equal((2, "alfc: error: cannot write to standard output: No space left on device"), (outcome.ExitCode, Assert.Single(outcome.StderrLines)));
    }

    [Theory]
    [InlineData(15)] // SIGTERM
    [InlineData(2)] // SIGINT, Ctrl-C
    public async Task An_interrupted_poison_stops_at_its_next_step_and_leaves_no_file_behind(int signal)
    {
        var folder = TestPaths.NewScratchDirectory();
        var output = Path.Combine(folder, "poisoned.csv");
        // A hundred restarts on the synthetic crowd: minutes of work, far past the signal.
        using var process = AlfcProcess.Start(new AlfcProcess.Invocation("alfc",
            ["poison", "--dataset", "synthetic", "--attack", "subpac", "--malicious", "5", "--budget", "0.5", "--subpac", "restarts=100", "--out", output]));
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // The --out reservation (a hidden file beside the target) exists once the attack is under way.
        for (int i = 0; i < 600 && Directory.GetFiles(folder).Length == 0 && !process.HasExited; i++) await Task.Delay(100);
        Assert.Single(Directory.GetFiles(folder), f => Path.GetFileName(f).StartsWith(".poisoned.csv.", StringComparison.Ordinal));
        await Task.Delay(1000);
        AlfcProcess.Signal(process, signal);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}: {await stderr}");
        Assert.Equal("alfc: cancelled", (await stderr).Trim().Split('\n')[^1].Trim());
        Assert.Empty(Directory.GetFileSystemEntries(folder));
        Assert.Equal("", (await stdout).Trim());
    }

    [Fact]
    public void Without_a_truth_file_poison_and_victims_run_warn_once_and_leave_accuracy_and_asr_undefined()
    {
        var root = ToyDataRoot();
        File.Delete(Path.Combine(Toy(root), "truth.csv"));
        var output = Path.Combine(root, "poisoned.csv");
        var warning = $"alfc: warning: {Path.Combine(Toy(root), "truth.csv")}: missing or empty, so accuracies and ASRs are undefined (shown as -); labels changed are still counted";
        var poison = AlfcProcess.Run("poison", "--answers", Toy(root), "--attack", "flip", "--budget", "0.5", "--victims", "mv,subpac-ds", "--out", output, "--json");
        Assert.Equal(0, poison.ExitCode);
        Assert.Equal(warning, poison.Stderr.Trim());
        var victims = (JArray)JObject.Parse(poison.Stdout)["victims"]!;
        Assert.All(victims, v => Assert.Equal((JTokenType.Null, JTokenType.Null, JTokenType.Null), (v["asr"]!.Type, v["cleanAccuracy"]!.Type, v["poisonedAccuracy"]!.Type)));
        // Flip on half the items with 5 workers against 8 honest ones still turns some majority labels.
        Assert.All(victims, v => Assert.InRange((int)v["labelsChanged"]!, 1, 40));

        var scored = AlfcProcess.Run("victims", "--answers", Toy(root), "--poisoned", output, "--victims", "mv,subpac-ds");
        Assert.Equal(0, scored.ExitCode);
        Assert.Equal(warning, scored.Stderr.Trim());
        Assert.Matches(@"(?m)^mv\s+-\s+->\s+-\s+-\s+\d+ of 40$", scored.Stdout);
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

    [Fact]
    public void Truth_for_questions_nobody_answered_is_set_aside_with_one_warning_by_poison_and_victims()
    {
        var dir = TestPaths.NewScratchDirectory();
        File.WriteAllText(Path.Combine(dir, "answer.csv"), "question,worker,answer\n0,0,1\n0,1,1\n1,0,0\n1,1,0\n2,0,1\n2,1,0\n");
        File.WriteAllText(Path.Combine(dir, "truth.csv"), "question,truth\n0,1\n1,0\n2,1\n8,0\n9,1\n");
        var output = Path.Combine(dir, "poisoned.csv");
        string warning = $"alfc: warning: {Path.Combine(dir, "truth.csv")}: truth for 2 question(s) with no answers in answer.csv; set aside (no victim labels them)";
        var poison = AlfcProcess.Run("poison", "--answers", dir, "--attack", "flip", "--malicious", "1", "--budget", "1", "--victims", "subpac-mv", "--out", output, "--json");
        Assert.Equal(0, poison.ExitCode);
        Assert.Equal(warning, poison.Stderr.Trim());
        // Three questions scored, not five: MV (ties to 1) gets all three right; the flipping worker (0, 1, 0) outvotes
        // only the 1-0 tie on question 2, so two of three after.
        var score = JObject.Parse(poison.Stdout)["victims"]![0]!;
        Assert.Equal((3, 1.0, 2.0 / 3), ((int)score["items"]!, (double)score["cleanAccuracy"]!, (double)score["poisonedAccuracy"]!));
        var victims = AlfcProcess.Run("victims", "--answers", dir, "--poisoned", output, "--victims", "subpac-mv");
        Assert.Equal(0, victims.ExitCode);
        Assert.Equal(warning, victims.Stderr.Trim());
    }

    [Fact]
    public void Victims_scores_a_file_poisoned_from_an_alfc_dataset_named_as_poison_named_it()
    {
        // Poisoned by --dataset, there is no answer-set folder to give victims --answers: it takes --dataset too.
        var output = Path.Combine(TestPaths.NewScratchDirectory(), "poisoned.csv");
        var poison = AlfcProcess.Run("poison", "--dataset", "synthetic", "--attack", "flip", "--malicious", "3", "--budget", "0.2",
            "--victims", "mv,subpac-ds,subpac-wmv,catd", "--out", output, "--json");
        Assert.Equal(0, poison.ExitCode);
        // subpac-wmv and catd follow the answers' order: the file must read back in the order poison scored.
        var victims = AlfcProcess.Run("victims", "--dataset", "synthetic", "--poisoned", output, "--victims", "mv,subpac-ds,subpac-wmv,catd", "--json");
        Assert.Equal(0, victims.ExitCode);
        var scored = JObject.Parse(victims.Stdout);
        Assert.Equal(JObject.Parse(poison.Stdout)["victims"]!.ToString(), scored["victims"]!.ToString());
        Assert.Equal(("synthetic", 3), ((string)scored["answers"]!, (int)scored["maliciousWorkers"]!));
    }

    [Theory]
    [InlineData(new[] { "--poisoned", "p.csv" }, "alfc: error: give --answers DIR or --dataset NAME")]
    [InlineData(new[] { "--poisoned", "p.csv", "--answers", "x", "--dataset", "synthetic" }, "alfc: error: give either --answers or --dataset, not both")]
    [InlineData(new[] { "--poisoned", "p.csv", "--answers", "x", "--data", "y" }, "alfc: error: --data: applies to --dataset only; --answers names its folder itself")]
    [InlineData(new[] { "--poisoned", "p.csv", "--dataset", "subpac/../x" }, "alfc: error: --dataset: unknown dataset 'subpac/../x' (expected subpac/NAME")]
    public void Victims_takes_exactly_one_clean_set(string[] args, string expected)
    {
        var outcome = AlfcProcess.Run(["victims", .. args]);
        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith(expected, outcome.Stderr.Trim());
        Assert.DoesNotContain('\n', outcome.Stderr.Trim());
    }

    public static TheoryData<string, string[], string> BadInputs() => new()
    {
        { "label 'x' ", ["--answers", "{bad-label}"], "answer.csv:3: " },
        { "worker", ["--answers", "{no-worker}"], "answer.csv:2: " },
        { "budget", ["--budget", "1.5"], "--budget: the fraction of items per malicious worker must be in (0, 1], got 1.5" },
        { "budget", ["--budget", "0"], "--budget: the fraction of items per malicious worker must be in (0, 1], got 0" },
        { "malicious", ["--malicious", "0"], "--malicious: the number of malicious workers must be at least 1, got 0" },
        { "malicious", ["--malicious", "2147483647"], "--malicious: must be from 1 to 1000 malicious workers, got 2147483647" },
        { "malicious", ["--malicious", "1001"], "--malicious: must be from 1 to 1000 malicious workers, got 1001" },
        // Each within its own bound, together some six million substitute refits.
        { "rounds", ["--subpac", "rounds=1000,restarts=100"], "--subpac: SubPac rounds x restarts must be at most 2000, got 1000 x 100" },
        { "innerSteps", ["--subpac", "rounds=100,restarts=10,innerSteps=10000"], "--subpac: SubPac rounds x restarts x innerSteps must be at most 1000000, got 100 x 10 x 10000" },
        { "out", ["--out", ""], "--out: the path is empty" },
        // --dataset takes a grid's answer-set names: a name outside DATA/subpac/datasets, or a folder that is not there.
        { "dataset", ["--dataset", "subpac/../x"], "--dataset: unknown dataset 'subpac/../x' (expected subpac/NAME" },
        { "missing", ["--dataset", "subpac/missing", "--data", "{root}"], "subpac/datasets/missing: answer-set folder not found" },
        { "victim", ["--victims", "subpac-ds,oracle"], "--victims: unknown victim 'oracle'" },
        { "substitute", ["--substitute", "svm"], "unknown substitute 'svm'" },
        { "attack", ["--attack", "nuke"], "--attack: unknown poisoning attack 'nuke'" },
        { "rounds", ["--subpac", "rounds=1000000000"], "--subpac: SubPac rounds must be from 1 to 1000, got 1000000000" },
        { "restarts", ["--subpac", "restarts=100000000"], "--subpac: SubPac restarts must be from 1 to 100, got 100000000" },
        { "budget", ["--subpac", "budget=foo"], "--subpac: budget: 'foo' is not one of TopK, Threshold" },
        { "innerSteps", ["--subpac", "innerSteps=ten"], "--subpac: innerSteps: 'ten' is not a whole number" },
        { "rounds", ["--subpac", "rounds=1.5"], "--subpac: rounds: '1.5' is not a whole number" },
        { "out", ["--out", " "], "--out: the path is empty" },
        { "Rounds", ["--subpac", "rounds=2,Rounds=3"], "--subpac: 'Rounds' is given twice" },
        { "subpac", ["--attack", "flip", "--subpac", "rounds=2"], "--subpac: SubPac settings apply to --attack subpac only, not 'flip'" },
        { "answers", ["--answers", ""], "--answers: the path is empty" },
        { "answer.csv", ["--answers", "{toy}/answer.csv"], "answer.csv: is a file; give the answer-set folder that holds answer.csv and truth.csv" },
        { "attack", ["--attack", "nu\nke\u001b"], "--attack: unknown poisoning attack 'nu\\nke\\u001b'" },
        { "tia", ["--attack", "TIA"], "--attack: 'tia' (Miao et al., WWW 2018) is not built, its formulation could not be obtained; 'ds-gradient' is this project's stand-in" },
        // "lambda=" once ran eq. 20's much weaker attack, and an empty --subpac the defaults, without a word.
        { "lambda", ["--subpac", "lambda=,rounds=1"], "--subpac: lambda: no value given (key=value)" },
        { "subpac", ["--subpac", ","], "--subpac: no settings given (key=value,... or paper)" },
        { "substitute", ["--attack", "flip", "--substitute", "mv"], "--substitute: applies to --attack subpac only; 'flip' builds its answers without a substitute" },
        { "data", ["--data", "/nonexistent"], "--data: applies to --dataset only; --answers names its folder itself" },
        // 50,000 answers, each question with its own worker: 2.5·10⁹ dense cells once crashed the loader (exit 1).
        { "answer.csv", ["--answers", "{scattered}"], "answer.csv: 50000 questions x 50000 workers make 2500000000 answer cells, more than the 16777216 ALfc holds" },
        // Latin-1 bytes once became U+FFFD, and the workers "w\xe9" and "w\xe8" one worker.
        { "answer.csv", ["--answers", "{two-answers}"], "answer.csv:1: column 'answer' appears 2 times in the header (question,worker,answer,answer)" },
        { "answer.csv", ["--answers", "{latin1}"], "answer.csv:4: not valid UTF-8 text (byte 0xE9); save the file as UTF-8" },
        // Valid UTF-8, never text: a NUL in a worker id was taken in and written back; UTF-16 without its mark said only
        // "missing column 'question'".
        { "answer.csv", ["--answers", "{nul}"], "answer.csv:3: holds a NUL byte, which no text file has (UTF-16 without a byte-order mark, or not text?); save the file as UTF-8" },
        { "answer.csv", ["--answers", "{utf16}"], "answer.csv:1: holds a NUL byte" },
    };

    [BadInput.FilePermissionsFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void An_answer_set_in_a_folder_that_cannot_be_entered_is_permission_denied_not_missing()
    {
        var root = ToyDataRoot();
        var toy = Toy(root);
        File.SetUnixFileMode(toy, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            var outcome = AlfcProcess.Run(new AlfcProcess.Invocation("alfc", ["poison", "--answers", toy, "--attack", "flip"]) { HonourFilePermissions = true });
            Assert.Equal((2, $"alfc: error: {Path.Combine(toy, "answer.csv")}: permission denied: a folder on its path cannot be entered"),
                (outcome.ExitCode, outcome.Stderr.Trim()));
        }
        finally
        {
            File.SetUnixFileMode(toy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

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
        var scattered = Path.Combine(root, "scattered");
        Directory.CreateDirectory(scattered);
        File.WriteAllLines(Path.Combine(scattered, "answer.csv"), ["question,worker,answer", .. Enumerable.Range(0, 50_000).Select(i => $"{i},{i},{i % 2}")]);
        var twoAnswers = Path.Combine(root, "two-answers");
        Directory.CreateDirectory(twoAnswers);
        File.WriteAllText(Path.Combine(twoAnswers, "answer.csv"), "question,worker,answer,answer\n0,0,1,0\n");
        var latin1 = Path.Combine(root, "latin1");
        Directory.CreateDirectory(latin1);
        File.WriteAllBytes(Path.Combine(latin1, "answer.csv"), [.. "question,worker,answer\n0,a,1\n1,a,0\n0,w"u8, 0xE9, .. ",1\n1,w"u8, 0xE8, .. ",0\n"u8]);
        var nul = Path.Combine(root, "nul");
        Directory.CreateDirectory(nul);
        File.WriteAllText(Path.Combine(nul, "answer.csv"), "question,worker,answer\n0,a,1\n1,w\0,0\n");
        var utf16 = Path.Combine(root, "utf16");
        Directory.CreateDirectory(utf16);
        File.WriteAllBytes(Path.Combine(utf16, "answer.csv"), System.Text.Encoding.Unicode.GetBytes("question,worker,answer\n0,a,1\n"));
        var full = args.Select(a => a.Replace("{nul}", nul).Replace("{utf16}", utf16).Replace("{bad-label}", bad).Replace("{no-worker}", noWorker).Replace("{toy}", Toy(root))
            .Replace("{root}", root).Replace("{scattered}", scattered).Replace("{latin1}", latin1).Replace("{two-answers}", twoAnswers)).ToList();
        if (!full.Contains("--answers") && !full.Contains("--dataset")) full.AddRange(["--answers", Toy(root)]);
        var outcome = AlfcProcess.Run(["poison", .. full]);
        Assert.Equal(2, outcome.ExitCode);
        var line = Assert.Single(outcome.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("alfc: error: ", line);
        Assert.Contains(expected, line);
        Assert.Contains(what.Split(' ')[0], line);
    }

    [Fact]
    public void Grid_trials_whose_asr_is_undefined_are_stored_as_done_with_a_null_headline_and_reported_as_dashes()
    {
        var root = ToyDataRootWithAnUntruthedSet();
        // "wrong": every worker answers 1 where the truth is 0, so no victim is right on clean data and every ASR is
        // undefined; "notruth": the toy set without its truth.csv, where accuracies are undefined too.
        var wrong = Path.Combine(root, "subpac", "datasets", "wrong");
        Directory.CreateDirectory(wrong);
        File.WriteAllLines(Path.Combine(wrong, "answer.csv"), ["question,worker,answer", .. Enumerable.Range(0, 10).SelectMany(i => Enumerable.Range(0, 4).Select(j => $"{i},{j},1"))]);
        File.WriteAllLines(Path.Combine(wrong, "truth.csv"), ["question,truth", .. Enumerable.Range(0, 10).Select(i => $"{i},0")]);
        var grid = Path.Combine(root, "grid.json");
        File.WriteAllText(grid, """
            { "name": "undefined", "poisoning": [ { "answers": ["subpac/wrong", "subpac/notruth"], "attacks": ["flip"], "substitutes": ["ds"], "malicious": [2],
                               "budgets": [0.5], "victims": ["subpac-ds", "mv"] } ] }
            """);
        var store = Path.Combine(root, "r.db");
        var report = Path.Combine(root, "report");
        var run = AlfcProcess.Run("sweep", "--grid", grid, "--store", store, "--data", root, "--report", report);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("sweep 'undefined' finished: 2 done, 0 failed of 2.", run.Stdout);
        // The closing summary shows no mean where no ASR is defined.
        Assert.Matches(@"(?m)^subpac/wrong/flip/0\.5/ds/m2\s+0\s+ASR\(subpac-ds\)\s+-\s*$", run.Stdout);
        // ...and says why, so that a dash is not read as a lost result.
        Assert.Contains("n = 0: the headline is undefined in every trial of that group (an ASR is undefined without truth", run.Stdout);
        Assert.Equal(2, Sqlite.Count(store, "SELECT count(*) FROM results WHERE clean IS NULL"));
        Assert.Equal(0, Sqlite.Count(store, "SELECT count(*) FROM results WHERE json_extract(record_json, '$.victims[0].asr') IS NOT NULL"));
        // The wrong set's poisoned accuracy is defined (0 or more): only what has no defined value is null.
        Assert.Equal(1, Sqlite.Count(store, "SELECT count(*) FROM results WHERE json_type(record_json, '$.victims[0].poisonedAccuracy') = 'real'"));
        var csv = File.ReadAllLines(Path.Combine(report, "poisoning.csv"));
        // n = 0 defined ASRs of 1 planned: no mean, no interval; clean accuracy 0; the no-truth set has no accuracy either.
        Assert.Contains(csv, l => l.StartsWith("subpac/wrong,flip,none,2,0.5,false,subpac-ds,0,1,,,0,", StringComparison.Ordinal));
        Assert.Contains(csv, l => l.StartsWith("subpac/notruth,flip,none,2,0.5,false,subpac-ds,0,1,,,,,", StringComparison.Ordinal));
        var md = File.ReadAllText(Path.Combine(report, "poisoning.md"));
        // The headline victim (subpac-ds for the ds substitute) is in bold, an undefined one too.
        Assert.Contains("| flip | none | 2 | 0.5 | **- (n=0/1)** | - (n=0/1) |", md);
        // The set without truth is named as such; the set whose truth no victim gets right is not.
        Assert.Contains("No question of subpac/notruth has a known true label", md);
        Assert.DoesNotContain("No question of subpac/wrong", md);
        // The log's (and `alfc show`'s) line for a finished trial says "-" too, not NaN.
        var log = File.ReadAllLines(Coordinator.Store.StoreFiles.LogOf(store));
        Assert.Equal(2, log.Count(l => l.Contains("finished: ASR(subpac-ds) -, ")));
        Assert.DoesNotContain(log, l => l.Contains("NaN"));
    }

    [Fact]
    public async Task A_file_that_appears_at_out_during_the_attack_is_kept_and_the_scores_are_still_printed()
    {
        var root = ToyDataRoot();
        var dir = Path.Combine(root, "out");
        Directory.CreateDirectory(dir);
        var target = Path.Combine(dir, "poisoned.csv");
        // About 2 s of attack on the toy set: time to put a file at --out while it runs.
        using var process = AlfcProcess.Start(new AlfcProcess.Invocation("alfc", ["poison", "--answers", Toy(root), "--attack", "subpac", "--malicious", "2",
            "--budget", "0.3", "--subpac", "rounds=300,innerSteps=100,restarts=1", "--out", target]));
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // --out is reserved (a hidden file beside it) before the attack starts.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Directory.GetFiles(dir, ".poisoned.csv.*.tmp").Length == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "poison never reserved --out");
            await Task.Delay(5);
        }
        File.WriteAllText(target, "someone else's file\n");
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        Assert.Equal(2, process.ExitCode);
        Assert.Equal("someone else's file\n", File.ReadAllText(target));
        var hidden = Assert.Single(Directory.GetFiles(dir, ".poisoned.csv.*.tmp"));
        Assert.Equal($"alfc: error: --out: {target}: appeared while the work ran and was left as it is; the output is in {hidden}", (await stderr).Trim());
        Assert.StartsWith("question,worker,answer", File.ReadAllText(hidden));
        // Before, the error came instead of the scores; now they are printed first, and no "written to" claim follows.
        var printed = await stdout;
        Assert.Contains("subpac-ds ", printed);
        Assert.DoesNotContain("poisoned answers written to", printed);
    }

    [Fact]
    public void Poison_by_a_grid_s_answer_set_name_gives_the_config_hash_and_numbers_of_the_sweep_trial()
    {
        var root = ToyDataRoot();
        var grid = Path.Combine(root, "grid.json");
        File.WriteAllText(grid, """{ "name": "one", "poisoning": [ { "answers": ["subpac/toy"], "attacks": ["flip"], "malicious": [2], "budgets": [0.3] } ] }""");
        var store = Path.Combine(root, "r.db");
        Assert.Equal(0, AlfcProcess.Run("sweep", "--grid", grid, "--store", store, "--data", root).ExitCode);
        var id = Sqlite.Text(store, "SELECT id FROM trials");
        var run = AlfcProcess.Run("poison", "--dataset", "subpac/toy", "--data", root, "--attack", "flip", "--malicious", "2", "--budget", "0.3", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var record = JObject.Parse(run.Stdout);
        // The trial id is the first 16 hex digits of the config's hash: the CLI run is that trial, run again.
        Assert.Equal(id, ((string)record["configHash"]!)[..16]);
        Assert.Equal("subpac/toy", (string)record["answers"]!);
        var stored = JObject.Parse(Sqlite.Text(store, "SELECT record_json FROM results"));
        Assert.Equal(stored["victims"]!.ToString(), record["victims"]!.ToString());
    }

    [Fact]
    public void A_transfer_grid_on_a_set_without_truth_reports_its_tables_and_draws_no_empty_heat_map()
    {
        // Two substitutes make a transfer map; without truth every cell is undefined. The report crashed here
        // ("internal error: ArgumentException: min must be a real number", exit 1) before the map skipped such a set.
        var root = ToyDataRootWithAnUntruthedSet();
        var grid = Path.Combine(root, "grid.json");
        File.WriteAllText(grid, """
            { "name": "transfer", "poisoning": [ { "answers": ["subpac/toy", "subpac/notruth"], "attacks": ["subpac"], "substitutes": ["ds", "mv"],
                               "malicious": [2], "budgets": [0.3], "victims": ["subpac-ds", "subpac-mv"], "subpac": { "rounds": 1, "restarts": 1, "innerSteps": 5 } } ] }
            """);
        var store = Path.Combine(root, "r.db");
        Assert.Equal(0, AlfcProcess.Run("sweep", "--grid", grid, "--store", store, "--data", root).ExitCode);
        var report = Path.Combine(root, "report");
        var run = AlfcProcess.Run("report", "--store", store, "--out", report);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("", run.Stderr);
        var figures = Directory.GetFiles(Path.Combine(report, "figures"), "*.png").Select(Path.GetFileName).ToList();
        Assert.Contains("poison-transfer-subpac_toy-m2-a0.3.png", figures);
        Assert.DoesNotContain(figures, f => f!.StartsWith("poison-transfer-subpac_notruth", StringComparison.Ordinal));
        var md = File.ReadAllText(Path.Combine(report, "poisoning.md"));
        Assert.Contains("| subpac | mv | 2 | 0.3 | **- (n=0/1)** | - (n=0/1) |", md);
        Assert.Contains("No question of subpac/notruth has a known true label", md);
        Assert.True(File.Exists(Path.Combine(report, "index.html")));
    }

    [Fact]
    public void A_report_written_over_an_earlier_one_keeps_nothing_of_it_but_what_someone_else_put_there()
    {
        // A training report first, with a reader's note beside it.
        var report = Path.Combine(TestPaths.NewScratchDirectory(), "report");
        Assert.Equal(0, AlfcProcess.Run("report", "--store", Reports.ReportTests.KnownStore(), "--out", report).ExitCode);
        Assert.True(File.Exists(Path.Combine(report, "headline.md")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(report, "figures"), "fig*"));
        File.WriteAllText(Path.Combine(report, "notes.txt"), "mine\n");

        // Then a poisoning-only sweep's report into the same folder: no training table, figure or headline stays.
        var root = ToyDataRoot();
        var grid = Path.Combine(root, "grid.json");
        File.WriteAllText(grid, """
            { "name": "p", "poisoning": [ { "answers": ["subpac/toy"], "attacks": ["flip"], "substitutes": ["ds"], "malicious": [2], "budgets": [0.2], "victims": ["subpac-ds"] } ] }
            """);
        Assert.Equal(0, AlfcProcess.Run("sweep", "--grid", grid, "--store", Path.Combine(root, "p.db"), "--data", root, "--report", report).ExitCode);
        foreach (var gone in new[] { "headline.md", "tables.md", "paired.md", "tables", "paired" })
            Assert.False(Path.Exists(Path.Combine(report, gone)), gone);
        Assert.All(Directory.GetFiles(Path.Combine(report, "figures")), f => Assert.StartsWith("poison-", Path.GetFileName(f)));
        Assert.Equal("mine\n", File.ReadAllText(Path.Combine(report, "notes.txt")));
        // What it wrote is listed, so the next report removes exactly that; the reader's note is not in the list.
        var listed = File.ReadAllLines(Path.Combine(report, ".alfc-report-files"));
        Assert.Contains("poisoning.md", listed);
        Assert.Contains("index.html", listed);
        Assert.DoesNotContain("notes.txt", listed);
        Assert.Equal(0, AlfcProcess.Run("report", "--store", Reports.ReportTests.KnownStore(), "--out", report).ExitCode);
        Assert.False(File.Exists(Path.Combine(report, "poisoning.md")));
        Assert.True(File.Exists(Path.Combine(report, "headline.md")));
        Assert.Equal("mine\n", File.ReadAllText(Path.Combine(report, "notes.txt")));

        // A poisoning-only sweep has no training cells to compare with, whichever side it is on: said naming --compare.
        var poisoningStore = Path.Combine(root, "p.db");
        var against = AlfcProcess.Run("report", "--store", Reports.ReportTests.KnownStore(), "--compare", poisoningStore, "--out", Path.Combine(root, "r2"));
        Assert.Equal((2, $"alfc: error: --compare: sweep 'p' of {poisoningStore} has no finished training trial; --compare compares training cells"),
            (against.ExitCode, against.Stderr.Trim()));
        Assert.False(Directory.Exists(Path.Combine(root, "r2")));
    }

    /// <summary>
    /// An answer set without truth has no ASR to plot: its budget figure was an all-white image. The reliability panels
    /// draw the DS substitute's trial and say which substitute, budget and seed they show (one was mv's, unnamed).
    /// </summary>
    [Fact]
    public void A_report_draws_no_blank_budget_figure_for_a_set_without_truth_and_names_the_trial_a_reliability_panel_shows()
    {
        var root = ToyDataRootWithAnUntruthedSet();
        var grid = Path.Combine(root, "grid.json");
        File.WriteAllText(grid, """
            { "name": "nt", "poisoning": [ { "answers": ["subpac/toy", "subpac/notruth"], "attacks": ["subpac"], "substitutes": ["mv", "ds"], "malicious": [2],
                                             "budgets": [0.2, 0.4], "victims": ["subpac-ds", "subpac-mv"], "subpac": { "rounds": 2, "innerSteps": 10, "restarts": 1 } } ] }
            """);
        var report = Path.Combine(root, "report");
        var run = AlfcProcess.Run("sweep", "--grid", grid, "--store", Path.Combine(root, "r.db"), "--data", root, "--report", report);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var figures = Directory.GetFiles(Path.Combine(report, "figures"), "*.png").Select(Path.GetFileName).ToList();
        Assert.Contains("poison-budget-subpac_toy-ds-m2.png", figures);
        Assert.DoesNotContain(figures, f => f!.StartsWith("poison-budget-subpac_notruth", StringComparison.Ordinal));
        var svg = File.ReadAllText(Path.Combine(report, "figures", "poison-reliability.svg"));
        Assert.Contains("subpac/toy: subpac (ds)", svg);
        Assert.Contains("a = 0.4, seed 0", svg);
        // Without truth no worker has a true accuracy: the set gets no empty panels.
        Assert.DoesNotContain("subpac/notruth", svg);
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
        Assert.Contains("| flip | none | 2 | 0.2 |", File.ReadAllText(Path.Combine(report, "poisoning.md")));
        Assert.True(File.Exists(Path.Combine(report, "figures", "poison-budget-subpac_toy-ds-m2.png")));
        Assert.True(File.Exists(Path.Combine(report, "figures", "poison-reliability.png")));
        Assert.Contains("Data poisoning (SubPac", File.ReadAllText(Path.Combine(report, "index.html")));
        Assert.Equal(12, Sqlite.Count(store, "SELECT count(*) FROM trials WHERE kind = 'poison' AND status = 'done'"));
        // The log's finish lines time the attack, not a training a poisoning trial does not do.
        var finished = File.ReadAllLines(Coordinator.Store.StoreFiles.LogOf(store)).Where(l => l.Contains(" finished: ASR(", StringComparison.Ordinal)).ToList();
        Assert.Equal(12, finished.Count);
        Assert.All(finished, l => Assert.Matches(@"s attack \+ [0-9.]+s eval \(", l));
        // "average" is the normal workers' mean labels over N: 40 answers each of 40 items, so a = 1.
        Assert.Equal(1.0, Sqlite.Scalar(store, "SELECT max(json_extract(r.record_json, '$.budget')) FROM results r"), 12);
        // The "average" rule is said wherever the budget is: the store's group, the record, the summary, the report, the export.
        Assert.Equal(6, Sqlite.Count(store, "SELECT count(*) FROM trials WHERE schedule = 'ds/m2/average' AND alpha = 0"));
        Assert.Equal(6, Sqlite.Count(store, "SELECT count(*) FROM results WHERE json_extract(record_json, '$.averageBudget') = 1"));
        Assert.Contains("subpac/toy/flip/1/ds/m2/average", first.Stdout);
        Assert.Contains("| flip | none | 2 | 1 (average) |", File.ReadAllText(Path.Combine(report, "poisoning.md")));
        var csvOut = Path.Combine(root, "x.csv");
        Assert.Equal(0, AlfcProcess.Run("export", "--store", store, "--out", csvOut).ExitCode);
        var header = File.ReadLines(csvOut).First().Split(',');
        int used = Array.IndexOf(header, "budget_used"), given = Array.IndexOf(header, "budget");
        Assert.True(used >= 0 && given >= 0, string.Join(",", header));
        // SubPac's settings are columns of their own; the baselines' null settings leave no empty "subPac" column beside them.
        Assert.Contains("subPac_rounds", header);
        Assert.DoesNotContain("subPac", header);
        Assert.Contains(File.ReadLines(csvOut).Skip(1).Select(l => l.Split(',')), r => r[given] == "" && r[used] == "1");
        // The export names the rule too (its "budget" column, the config's, is empty for it).
        int average = Array.IndexOf(header, "average_budget");
        Assert.All(File.ReadLines(csvOut).Skip(1).Select(l => l.Split(',')), r => Assert.Equal(r[given] == "" ? "true" : "false", r[average]));
        var again = AlfcProcess.Run("sweep", "--grid", grid, "--store", store, "--data", root);
        Assert.Equal($"sweep 'toy-poison': all 12 trials are already done in {store}; nothing to run.", again.Stdout.Trim());
        // The same grid without its "average" budget: the start line still counts the trials the grid no longer holds.
        File.WriteAllText(grid, File.ReadAllText(grid).Replace("[0.2, \"average\"]", "[0.2]", StringComparison.Ordinal));
        var smaller = AlfcProcess.Run("sweep", "--grid", grid, "--store", store, "--data", root);
        Assert.Equal($"sweep 'toy-poison': all 6 trials are already done in {store} (6 no longer in the grid, kept in the store); nothing to run.", smaller.Stdout.Trim());

        var before = File.ReadAllBytes(store);
        foreach (var (field, json) in new[]
        {
            ("budgets[0]", """{ "poisoning": [ { "answers": ["subpac/toy"], "attacks": ["flip"], "budgets": [1.5] } ] }"""),
            ("malicious[0]", """{ "poisoning": [ { "answers": ["subpac/toy"], "attacks": ["flip"], "malicious": [0], "budgets": [0.2] } ] }"""),
            ("victims[0]", """{ "poisoning": [ { "answers": ["subpac/toy"], "attacks": ["flip"], "victims": ["oracle"], "budgets": [0.2] } ] }"""),
            ("substitutes[0]", """{ "poisoning": [ { "answers": ["subpac/toy"], "attacks": ["flip"], "substitutes": ["svm"], "budgets": [0.2] } ] }"""),
            ("subpac", """{ "poisoning": [ { "answers": ["subpac/toy"], "attacks": ["subpac"], "budgets": [0.2], "subpac": { "rounds": 0 } } ] }"""),
        })
        {
            File.WriteAllText(grid, json);
            var bad = AlfcProcess.Run("sweep", "--grid", grid, "--store", store, "--data", root);
            Assert.Equal(2, bad.ExitCode);
            Assert.StartsWith($"alfc: error: {grid}: poisoning[0].{field}", bad.Stderr);
            Assert.Equal(before, File.ReadAllBytes(store));
        }
    }
}
