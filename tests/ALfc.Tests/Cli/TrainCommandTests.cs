using Newtonsoft.Json.Linq;

namespace ALfc.Tests.Cli;

public class TrainCommandTests
{
    [Fact]
    public void Train_json_on_the_synthetic_default_holds_every_cell_and_the_worker_comparison()
    {
        var outcome = AlfcProcess.Run("train", "--method", "alfc", "--epochs", "3", "--eps", "0.01,0.03", "--json");
        Assert.Equal(0, outcome.ExitCode);
        var record = JObject.Parse(outcome.Stdout);
        Assert.Equal("alfc", (string?)record["method"]);
        Assert.Equal("paper", (string?)record["schedule"]);
        Assert.Equal("minmax", (string?)record["scaling"]);
        Assert.Equal(64, ((string?)record["configHash"])!.Length);
        foreach (var box in new[] { "white", "black" })
            foreach (var attack in new[] { "fgsm", "pgd", "cw-margin", "mim" })
                Assert.Equal(new[] { "0.01", "0.03" }, ((JObject)record[box]![attack]!).Properties().Select(p => p.Name));
        Assert.Equal(6, ((JArray)record["workers"]!).Count);
        Assert.Equal(3, (int)record["epochsRun"]!);
        Assert.Equal("cpu", (string?)record["device"]);
    }

    [Fact]
    public void Train_prints_the_eps_by_attack_tables()
    {
        var outcome = AlfcProcess.Run("train", "--method", "mv", "--epochs", "2", "--eps", "0.02");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("white-box", outcome.Stdout);
        Assert.Contains("black-box", outcome.Stdout);
        Assert.Matches(@"0\.02\s+\d\.\d{4}\s+\d\.\d{4}\s+\d\.\d{4}\s+\d\.\d{4}", outcome.Stdout);
        Assert.Contains("trained 2 epochs in", outcome.Stdout);
        Assert.Equal("", outcome.Stderr.Trim());
    }

    /// <summary>A-LFC's settings given to a baseline were ignored without a word; the record is the same, and now it says so.</summary>
    [Fact]
    public void A_baseline_given_alfc_settings_says_it_does_not_read_them_and_its_record_is_unchanged()
    {
        string[] common = ["train", "--method", "mv", "--epochs", "1", "--attacks", "fgsm", "--eps", "0.01", "--no-black-box", "--json"];
        var plain = AlfcProcess.Run(common);
        var tuned = AlfcProcess.Run([.. common, "--alpha", "1", "--schedule", "reference"]);
        Assert.Equal((0, 0), (plain.ExitCode, tuned.ExitCode));
        Assert.Equal("alfc: note: mv does not read --alpha, --schedule (A-LFC's settings); it trains as without them", tuned.Stderr.Trim());
        static string Hash(string json) => (string)Newtonsoft.Json.Linq.JObject.Parse(json)["configHash"]!;
        Assert.Equal(Hash(plain.Stdout), Hash(tuned.Stdout));
    }

    [Theory]
    [InlineData(new[] { "train", "--method", "svm" }, "alfc: error: --method: unknown method 'svm' (known: gt, mv, ds, aggnet, crowdlayer, alfc)")]
    [InlineData(new[] { "train", "--eps", "0.01,-0.1" }, "alfc: error: --eps: -0.1 is not a number from 0 to 1000000")]
    [InlineData(new[] { "train", "--method", "mv", "--epochs", "1", "--eps", "1e39" }, "alfc: error: --eps: 1E+39 is not a number from 0 to 1000000")]
    [InlineData(new[] { "train", "--method", "alfc", "--epochs", "1", "--train-eps", "1e39" }, "alfc: error: --train-eps: must be from 0 to 1000000, got 1E+39")]
    [InlineData(new[] { "train", "--eps", "big" }, "alfc: error: --eps: 'big' is not a number")]
    [InlineData(new[] { "train", "--alpha", "2" }, "alfc: error: --alpha: must be in [0, 1], got 2")]
    [InlineData(new[] { "train", "--schedule", "fast" }, "alfc: error: --schedule: unknown schedule 'fast' (expected paper or reference)")]
    [InlineData(new[] { "train", "--batch-size", "0" }, "alfc: error: --batch-size: must be from 1 to 1048576, got 0")]
    [InlineData(new[] { "train", "--epochs", "2147483647" }, "alfc: error: --epochs: must be from 1 to 100000, got 2147483647")]
    [InlineData(new[] { "train", "--lr", "Infinity" }, "alfc: error: --lr: must be a finite number > 0, got Infinity")]
    [InlineData(new[] { "train", "--dropout", "NaN" }, "alfc: error: --dropout: model dropout must be in [0, 1), got NaN")]
    [InlineData(new[] { "train", "--hidden", "2000000000" }, "alfc: error: --hidden: model hidden units must be from 1 to 65536, got 2000000000")]
    [InlineData(new[] { "train", "--data", "/nonexistent/alfc-data" }, "alfc: error: --data /nonexistent/alfc-data: folder not found")]
    [InlineData(new[] { "train", "--data", "" }, "alfc: error: --data: the path is empty")]
    [InlineData(new[] { "train", "--dropout", "1" }, "alfc: error: --dropout: model dropout must be in [0, 1), got 1")]
    [InlineData(new[] { "train", "--attacks", "cw" }, "alfc: error: --attacks: unknown attack 'cw' (known: fgsm, pgd, cw-margin, mim)")]
    [InlineData(new[] { "train", "--device", "gpu" }, "alfc: error: --device gpu: expected cpu, cuda or cuda:N")]
    public void Bad_options_are_one_line_errors(string[] args, string expected)
    {
        var outcome = AlfcProcess.Run(args);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(expected, outcome.Stderr.Trim());
    }

    [Fact]
    public void A_huge_bad_value_is_cut_short_and_control_characters_are_escaped_in_the_one_line()
    {
        var outcome = AlfcProcess.Run("train", "--dataset", "x\u001b[2J" + new string('y', 100_000));
        Assert.Equal(2, outcome.ExitCode);
        var line = Assert.Single(outcome.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("alfc: error: --dataset: unknown dataset 'x\\u001b[2Jyyy", line);
        Assert.DoesNotContain('\u001b', line);
        Assert.InRange(line.Length, 2000, 2100);
        Assert.Matches(@"\.\.\. \(\d+ more characters\)$", line.TrimEnd());
    }

    [Theory]
    [InlineData("train")]
    [InlineData("bench")]
    public void A_device_this_process_cannot_see_is_refused_before_any_training(string command)
    {
        var outcome = AlfcProcess.Run(command, "--device", "cuda:99", "--epochs", "1");
        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith("alfc: error: --device cuda:99: ", outcome.Stderr.Trim());
        Assert.DoesNotContain('\n', outcome.Stderr.Trim());
        Assert.Equal("", outcome.Stdout.Trim());
    }

    [Fact]
    public void Bench_alone_without_a_preset_is_refused_before_any_training()
    {
        var outcome = AlfcProcess.Run("bench", "--alone", "--datasets", "synthetic", "--methods", "mv", "--epochs", "1");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("alfc: error: --alone: only a --preset estimate has a loaded pass to skip", outcome.Stderr.Trim());
        Assert.Equal("", outcome.Stdout.Trim());
    }

    [Theory]
    [InlineData(new[] { "bench", "--poisoning", "subpac/temp", "--epochs", "3" }, "alfc: error: --epochs: does not apply to --poisoning, which times SubPac attacks, not training")]
    [InlineData(new[] { "bench", "--poisoning", "subpac/temp", "--preset", "quick" }, "alfc: error: --preset: does not apply to --poisoning, which times SubPac attacks, not training")]
    [InlineData(new[] { "bench", "--poisoning", "subpac/temp", "--datasets", "music" }, "alfc: error: --datasets: does not apply to --poisoning, which times SubPac attacks, not training")]
    [InlineData(new[] { "bench", "--poisoning", "subpac/temp", "--threads", "2" }, "alfc: error: --threads: does not apply to --poisoning, which times SubPac attacks, not training")]
    [InlineData(new[] { "bench", "--preset", "quick", "--epochs", "3" }, "alfc: error: --epochs: does not apply to --preset, which times the preset's own trials with its own settings")]
    [InlineData(new[] { "bench", "--preset", "quick", "--methods", "mv" }, "alfc: error: --methods: does not apply to --preset, which times the preset's own trials with its own settings")]
    [InlineData(new[] { "bench", "--preset", "quick", "--no-black-box" }, "alfc: error: --no-black-box: does not apply to --preset, which times the preset's own trials with its own settings")]
    [InlineData(new[] { "bench", "--datasets", "synthetic", "--slots", "2" }, "alfc: error: --slots: only a --preset estimate divides its work over slots (a plain bench times one trial at a time)")]
    [InlineData(new[] { "bench", "--datasets", "synthetic", "--repetitions", "3" }, "alfc: error: --repetitions: only a --preset estimate has repetitions to count (a plain bench times one trial at a time)")]
    [InlineData(new[] { "bench", "--preset", "quick", "--repetitions", "0" }, "alfc: error: --repetitions: must be from 1 to 100000, got 0")]
    public void A_bench_flag_its_mode_would_ignore_is_refused_before_anything_prints(string[] args, string expected)
    {
        var outcome = AlfcProcess.Run(args);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(expected, outcome.Stderr.Trim());
        Assert.Equal("", outcome.Stdout.Trim());
    }

    [Fact]
    public void A_training_bench_on_a_dataset_without_its_folder_prints_nothing_but_the_error()
    {
        // The missing second dataset is found before the peak probe and the table header, not after the first dataset's rows.
        var root = TestPaths.NewScratchDirectory();
        var outcome = AlfcProcess.Run("bench", "--datasets", "synthetic,music", "--methods", "mv", "--epochs", "1", "--data", root);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"alfc: error: {Path.Combine(root, "music")}: dataset folder not found (data root '{root}'; set --data DIR or ALFC_DATA)", outcome.Stderr.Trim());
        Assert.Equal("", outcome.Stdout.Trim());

        // A folder without the files its layout needs: the first missing one, still before anything prints.
        Directory.CreateDirectory(Path.Combine(root, "music"));
        outcome = AlfcProcess.Run("bench", "--datasets", "synthetic,music", "--methods", "mv", "--epochs", "1", "--data", root);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"alfc: error: {Path.Combine(root, "music", "music_genre_gold.csv")}: file not found", outcome.Stderr.Trim());
        Assert.Equal("", outcome.Stdout.Trim());
    }

    [Fact]
    public void A_poisoning_bench_with_one_bad_answer_set_prints_nothing_but_the_error()
    {
        var root = TestPaths.NewScratchDirectory();
        var good = Directory.CreateDirectory(Path.Combine(root, "subpac", "datasets", "good")).FullName;
        File.WriteAllText(Path.Combine(good, "answer.csv"), "question,worker,answer\n1,1,0\n1,2,1\n2,1,1\n2,2,1\n");
        File.WriteAllText(Path.Combine(good, "truth.csv"), "question,truth\n1,0\n2,1\n");
        var outcome = AlfcProcess.Run("bench", "--poisoning", "subpac/good,subpac/missing", "--data", root);
        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith("alfc: error: ", outcome.Stderr.Trim());
        Assert.Contains("missing", outcome.Stderr);
        Assert.DoesNotContain('\n', outcome.Stderr.Trim());
        Assert.Equal("", outcome.Stdout.Trim());
    }

    [Fact]
    public void A_dataset_with_one_class_is_refused()
    {
        var root = TestPaths.NewScratchDirectory();
        var dir = Directory.CreateDirectory(Path.Combine(root, "music")).FullName;
        File.WriteAllText(Path.Combine(dir, "music_genre_gold.csv"), "id,feature0,class\na,1,rock\nb,2,rock\n");
        File.WriteAllText(Path.Combine(dir, "music_genre_test.csv"), "id,feature0,class\nc,1,rock\n");
        File.WriteAllText(Path.Combine(dir, "music_genre_mturk.csv"), "id,annotator,feature0,class\na,W,1,rock\n");
        var outcome = AlfcProcess.Run("train", "--dataset", "music", "--data", root, "--epochs", "1");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("alfc: error: dataset 'music': classes: needs at least 2 classes, found 1", outcome.Stderr.Trim());
    }

    [Fact]
    public void Answers_whose_items_do_not_match_the_features_are_refused_naming_the_file()
    {
        var root = Data.LoaderFixtures.TinyLabelMe("0 1\n1 1\n0 0\n");
        var dir = Path.Combine(root, "labelme");
        var outcome = AlfcProcess.Run("train", "--dataset", "labelme", "--data", root, "--epochs", "1");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"alfc: error: {Path.Combine(dir, "answers.txt")}: 3 answer rows, but LabelMe_VGG_avg_train.npy has 2", outcome.Stderr.Trim());
    }
}
