using ALfc.Core.Poisoning;
using ALfc.Core.Poisoning.Attacks;
using ALfc.Core.Poisoning.Victims;
using ALfc.Core;
using ALfc.Core.Data;
using ALfc.Core.Data.AnswerSets;
using ALfc.Core.Data.Io;

namespace ALfc.Tests.Poisoning;

public class AnswerSetTests
{
    private static string Folder(string answers, string? truth = null)
    {
        var dir = TestPaths.NewScratchDirectory();
        File.WriteAllText(Path.Combine(dir, "answer.csv"), answers);
        if (truth is not null) File.WriteAllText(Path.Combine(dir, "truth.csv"), truth);
        return dir;
    }

    private static AnswerSet Small() => AnswerSetLoader.Load(Folder(
        "question,worker,answer\n10,2,1\n10,7,0\n2,2,1\n9,7,1\n2,11,0\n",
        "question,truth\n2,1\n10,0\n"));

    private static void AssertOneLineAt(AlfcInputException error, string file, int line, string fragment)
    {
        Assert.DoesNotContain('\n', error.Message);
        Assert.StartsWith($"{file}:{line}: ", error.Message);
        Assert.Contains(fragment, error.Message);
    }

    [Fact]
    public void Integer_ids_are_ordered_numerically_and_missing_truth_is_minus_one()
    {
        var set = Small();
        Assert.Equal(["2", "9", "10"], set.ItemIds);
        Assert.Equal(["2", "7", "11"], set.WorkerIds);
        Assert.Equal(2, set.Classes);
        Assert.Equal([1, -1, 0], set.Truth);
        Assert.Equal(1, set.Answers[2, 0]);
        Assert.Equal(0, set.Answers[2, 1]);
        Assert.Equal(AnswerMatrix.Missing, set.Answers[1, 0]);
        Assert.Equal(5, set.Answers.AnswerCount);
        Assert.Equal(3, set.NormalWorkers);
        Assert.Equal(0, set.MaliciousWorkers);
    }

    [Fact]
    public void Text_ids_keep_their_order_of_first_appearance_and_the_classes_come_from_the_answers_alone()
    {
        var set = AnswerSetLoader.Load(Folder("question,worker,answer\nb,x,0\na,y,1\n", "question,truth\na,3\n"));
        Assert.Equal(["b", "a"], set.ItemIds);
        Assert.Equal(["x", "y"], set.WorkerIds);
        // The truth's label 3 is no worker's: not a class, but an answer no aggregator can give (K = 2).
        Assert.Equal(2, set.Classes);
        Assert.Equal([0, 1], set.LabelValues);
        Assert.Equal([-1, 2], set.Truth);
    }

    [Fact]
    public void A_set_without_a_truth_file_has_no_known_truth()
    {
        var set = AnswerSetLoader.Load(Folder("question,worker,answer\n0,0,0\n"));
        Assert.Equal(0, set.KnownTruth);
        Assert.Equal(2, set.Classes);
    }

    [Theory]
    [InlineData("question,worker,answer\n0,0,1\n0,1,x\n", 3, "'x' is not a non-negative integer label")]
    [InlineData("question,worker,answer\n0,0,1\n0,1,-1\n", 3, "'-1' is not a non-negative integer label")]
    [InlineData("question,worker,answer\n0,0,1\n0,1,0\0\n", 3, "holds a NUL byte")] // once read as the label "0\0"; now refused as not text
    [InlineData("question,worker,answer\n0,0,1\n1,0,1\n0,0,0\n", 4, "duplicate answer of worker '0' to question '0' (first at line 2)")]
    [InlineData("question,worker\n0,0\n", 1, "missing column 'answer'")]
    [InlineData("question,worker,answer\n", 1, "no answers")]
    public void A_bad_answer_file_is_refused_with_one_line_naming_file_and_line(string text, int line, string fragment)
    {
        var dir = Folder(text);
        var error = Assert.Throws<AlfcInputException>(() => AnswerSetLoader.Load(dir));
        AssertOneLineAt(error, Path.Combine(dir, "answer.csv"), line, fragment);
    }

    [Fact]
    public void Truth_for_a_question_without_answers_is_set_aside_and_counted_but_still_checked()
    {
        // A set cut from a larger one (fewer questions answered) keeps the larger one's truth.csv: the authors' scoring
        // counts only the questions aggregated, and so does ALfc.
        var dir = Folder("question,worker,answer\n0,0,1\n1,0,0\n", "question,truth\n0,1\n5,0\n1,0\n7,1\n");
        var set = AnswerSetLoader.Load(dir);
        Assert.Equal((2, 2, 2), (set.Answers.Items, set.KnownTruth, set.TruthWithoutAnswers));
        Assert.Equal([1, 0], set.Truth);
        // Set aside, not unread: a malformed label there is still one line naming its line.
        var bad = Folder("question,worker,answer\n0,0,1\n", "question,truth\n0,1\n5,x\n");
        var error = Assert.Throws<AlfcInputException>(() => AnswerSetLoader.Load(bad));
        Assert.StartsWith($"{Path.Combine(bad, "truth.csv")}:3: ", error.Message);
        // And counted once: a second row for the same question is refused, as for an answered one.
        var twice = Folder("question,worker,answer\n0,0,1\n", "question,truth\n0,1\n5,0\n5,1\n");
        error = Assert.Throws<AlfcInputException>(() => AnswerSetLoader.Load(twice));
        AssertOneLineAt(error, Path.Combine(twice, "truth.csv"), 4, "second truth for question '5' (first at line 3)");
    }

    [Fact]
    public void A_missing_answer_file_is_refused_naming_it()
    {
        var dir = TestPaths.NewScratchDirectory();
        // Missing, not malformed: a cluster node declines a trial for this (its --data lacks it) rather than failing it.
        var error = Assert.Throws<MissingInputException>(() => AnswerSetLoader.Load(dir));
        Assert.Equal($"{Path.Combine(dir, "answer.csv")}: file not found", error.Message);
        Assert.Throws<MissingInputException>(() => AnswerSetLoader.Load(Path.Combine(dir, "nosuch")));
        File.WriteAllText(Path.Combine(dir, "answer.csv"), "question,worker,answer\n1,1,x\n");
        Assert.IsNotType<MissingInputException>(Assert.ThrowsAny<AlfcInputException>(() => AnswerSetLoader.Load(dir)));
    }

    [Fact]
    public void Writing_then_loading_a_poisoned_file_gives_back_the_clean_and_the_malicious_answers()
    {
        var clean = Small();
        // 3 items x 2 malicious workers.
        var malicious = new AnswerMatrix(3, 2, [0, AnswerMatrix.Missing, 1, 1, AnswerMatrix.Missing, 0]);
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "poisoned.csv");
        AnswerSetWriter.Write(path, clean, malicious);

        var lines = File.ReadAllLines(path);
        Assert.Equal("question,worker,answer", lines[0]);
        Assert.Equal(1 + 5 + 4, lines.Length);
        Assert.All(lines[1..6], l => Assert.DoesNotMatch("^[^,]*,1[23],", l));
        Assert.All(lines[6..], l => Assert.Matches("^[^,]*,1[23],", l));
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));

        var poisoned = AnswerSetLoader.LoadPoisoned(clean, path);
        Assert.Equal(["2", "7", "11", "12", "13"], poisoned.WorkerIds);
        Assert.Equal(3, poisoned.NormalWorkers);
        Assert.Equal(2, poisoned.MaliciousWorkers);
        Assert.Equal(clean.Answers.Values, poisoned.NormalAnswers().Values);
        Assert.Equal(malicious.Values, poisoned.MaliciousAnswers().Values);
        Assert.Equal(clean.Truth, poisoned.Truth);
    }

    [Fact]
    public void Malicious_workers_get_m_ids_when_the_clean_ids_are_not_integers()
    {
        var clean = AnswerSetLoader.Load(Folder("question,worker,answer\nq1,alice,0\nq2,bob,1\n"));
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "p.csv");
        AnswerSetWriter.Write(path, clean, new AnswerMatrix(2, 2, [1, 1, 0, AnswerMatrix.Missing]));
        var poisoned = AnswerSetLoader.LoadPoisoned(clean, path);
        Assert.Equal(["alice", "bob", "m1", "m2"], poisoned.WorkerIds);
        Assert.Equal([1, 1, 0, AnswerMatrix.Missing], poisoned.MaliciousAnswers().Values);
    }

    [Fact]
    public void Malicious_m_ids_skip_the_normal_workers_ids_and_read_back_in_worker_order()
    {
        // A normal worker is already called m1; malicious worker 0 (m2) answers only q2, worker 1 (m3) answers q1:
        // written item by item, m3 would come first and read back as the first malicious worker.
        var clean = AnswerSetLoader.Load(Folder("question,worker,answer\nq1,m1,0\nq2,bob,1\n", "question,truth\nq1,0\n"));
        var malicious = new AnswerMatrix(2, 2, [AnswerMatrix.Missing, 1, 0, AnswerMatrix.Missing]);
        Assert.Equal(["m2", "m3"], AnswerSetWriter.MaliciousIds(clean, 2));
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "p.csv");
        AnswerSetWriter.Write(path, clean, malicious);
        var poisoned = AnswerSetLoader.LoadPoisoned(clean, path);
        Assert.Equal(["m1", "bob", "m2", "m3"], poisoned.WorkerIds);
        Assert.Equal(malicious.Values, poisoned.MaliciousAnswers().Values);
    }

    [Fact]
    public void Integer_ids_that_would_pass_long_max_value_give_m_ids_and_the_file_reads_back()
    {
        var clean = AnswerSetLoader.Load(Folder($"question,worker,answer\nq1,{long.MaxValue - 1},0\nq1,3,1\n"));
        var malicious = new AnswerMatrix(1, 2, [1, 0]);
        Assert.Equal(["m1", "m2"], AnswerSetWriter.MaliciousIds(clean, 2));
        Assert.Equal([long.MaxValue.ToString()], AnswerSetWriter.MaliciousIds(clean, 1));
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "p.csv");
        AnswerSetWriter.Write(path, clean, malicious);
        var poisoned = AnswerSetLoader.LoadPoisoned(clean, path);
        Assert.Equal(2, poisoned.MaliciousWorkers);
        Assert.Equal(malicious.Values, poisoned.MaliciousAnswers().Values);
    }

    [Fact]
    public void A_file_that_appears_at_the_target_while_the_work_runs_is_kept_and_the_output_is_left_beside_it()
    {
        var dir = TestPaths.NewScratchDirectory();
        var target = Path.Combine(dir, "p.csv");
        using (var pending = PendingFile.Reserve(target))
        {
            Assert.Equal(dir, Path.GetDirectoryName(pending.Temporary));
            File.WriteAllText(target, "someone else's");
            var error = Assert.Throws<AlfcInputException>(() => pending.Commit("question,worker,answer\n"));
            Assert.StartsWith($"{target}: appeared while the work ran and was left as it is; the output is in {pending.Temporary}", error.Message);
            Assert.Equal("someone else's", File.ReadAllText(target));
            Assert.Equal("question,worker,answer\n", File.ReadAllText(pending.Temporary));
        }
        Assert.Equal(2, Directory.GetFiles(dir).Length);
    }

    [Fact]
    public void A_reservation_is_refused_up_front_for_an_existing_target_or_an_unwritable_folder_and_leaves_nothing_when_dropped()
    {
        var dir = TestPaths.NewScratchDirectory();
        var existing = Path.Combine(dir, "taken.csv");
        File.WriteAllText(existing, "x");
        Assert.Equal($"{existing}: already exists (remove it or choose another name)", Assert.Throws<AlfcInputException>(() => PendingFile.Reserve(existing)).Message);
        Assert.Equal($"{Path.Combine(existing, "p.csv")}: folder {existing} does not exist",
            Assert.Throws<AlfcInputException>(() => PendingFile.Reserve(Path.Combine(existing, "p.csv"))).Message);
        // /proc takes no new files, even from root (these tests may run as root, where chmod does not bite).
        Assert.StartsWith("/proc/alfc-p.csv: cannot create a file in /proc: ", Assert.Throws<AlfcInputException>(() => PendingFile.Reserve("/proc/alfc-p.csv")).Message);
        using (PendingFile.Reserve(Path.Combine(dir, "p.csv"))) Assert.Equal(2, Directory.GetFiles(dir).Length);
        Assert.Equal([existing], Directory.GetFiles(dir));
    }

    [Theory]
    [InlineData(7, 2)] // 3 workers, 7 labels: 2.33 each, rounded down (ceil would give 3)
    [InlineData(9, 3)] // 3 each
    [InlineData(8, 3)] // 2.67 → 3
    public void The_average_budget_is_the_normal_workers_mean_labels_rounded_to_the_nearest_item(int labels, int items)
    {
        // Labels spread over 5 questions and workers a, b, c in turn, so every worker labels at least two.
        var rows = Enumerable.Range(0, labels).Select(k => $"q{k % 5},{"abc"[k % 3]},{k % 2}");
        var set = AnswerSetLoader.Load(Folder("question,worker,answer\n" + string.Join("\n", rows) + "\n"));
        var budget = PoisoningSpec.Create("toy", "flip", "ds", 2, null, 0, null, null).BudgetFor(set);
        Assert.Equal(items, budget.ItemsPerWorker(5));
        Assert.Equal(items / 5.0, budget.ItemFraction, 12);
    }

    [Fact]
    public void A_write_that_fails_removes_the_hidden_file_and_names_the_file_asked_for_not_the_hidden_one()
    {
        var dir = TestPaths.NewScratchDirectory();
        var pending = PendingFile.Reserve(Path.Combine(dir, "p.csv"), shownAs: "--out: p.csv");
        pending.Content.Write("question,worker,answer\n"u8);
        // The message .NET gives for ENOSPC, naming the file written.
        var error = pending.WriteFailed(new IOException($"No space left on device : '{pending.Temporary}'"));
        Assert.Equal("--out: p.csv: cannot write it: No space left on device; nothing was written", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(dir));
        pending.Dispose(); // the caller's using: nothing left to do, and no error
        Assert.True(PendingFile.IsWriteFailure(new ArgumentOutOfRangeException("value"))); // EFBIG, as FileStream reports it
        Assert.False(PendingFile.IsWriteFailure(new ArgumentOutOfRangeException("count")));
    }

    [Fact]
    public void A_name_as_long_as_the_file_system_allows_is_written_and_a_longer_one_is_refused_before_the_work()
    {
        var dir = TestPaths.NewScratchDirectory();
        // 255 bytes is NAME_MAX; the hidden file must not add to it (".NAME.<16 hex>.tmp" is 22 bytes longer).
        var longest = Path.Combine(dir, new string('x', 251) + ".csv");
        using (var pending = PendingFile.Reserve(longest)) pending.Commit("question,worker,answer\n");
        Assert.Equal("question,worker,answer\n", File.ReadAllText(longest));
        // Bytes, not characters: 126 two-byte letters and ".csv" are 256 bytes in 130 characters.
        var tooLong = Path.Combine(dir, new string('é', 126) + ".csv");
        Assert.Equal($"{tooLong}: the file name is 256 bytes long; a file system takes at most 255",
            Assert.Throws<AlfcInputException>(() => PendingFile.Reserve(tooLong)).Message);
        Assert.Equal([longest], Directory.GetFiles(dir));
    }

    [Fact]
    public void A_set_with_more_labels_than_any_crowd_task_has_is_refused_by_its_answer_file()
    {
        var dir = Folder("question,worker,answer\n" + string.Concat(Enumerable.Range(0, 257).Select(k => $"q{k},w,{k}\n")));
        Assert.Equal($"{Path.Combine(dir, "answer.csv")}: 257 distinct labels; at most 256 classes are supported (are the labels ids or free text?)",
            Assert.Throws<AlfcInputException>(() => AnswerSetLoader.Load(dir)).Message);
        Assert.Equal(256, AnswerSetLoader.Load(Folder("question,worker,answer\n" + string.Concat(Enumerable.Range(0, 256).Select(k => $"q{k},w,{k}\n")))).Classes);
    }

    [Fact]
    public void A_set_without_truth_loads_with_every_truth_unknown_and_a_truth_folder_is_refused()
    {
        var dir = Folder("question,worker,answer\nq1,a,0\nq2,a,1\n");
        Assert.Equal([-1, -1], AnswerSetLoader.Load(dir).Truth);
        Directory.CreateDirectory(Path.Combine(dir, "truth.csv"));
        Assert.Equal($"{Path.Combine(dir, "truth.csv")}: is a folder, not a file", Assert.Throws<AlfcInputException>(() => AnswerSetLoader.Load(dir)).Message);
    }

    [Fact]
    public void New_integer_worker_ids_in_a_poisoned_file_are_appended_in_numeric_order()
    {
        var clean = Small();
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "p.csv");
        File.WriteAllText(path, "question,worker,answer\n2,2,1\n2,11,0\n2,100,0\n9,7,1\n9,20,1\n10,2,1\n10,7,0\n");
        var poisoned = AnswerSetLoader.LoadPoisoned(clean, path);
        Assert.Equal(["2", "7", "11", "20", "100"], poisoned.WorkerIds);
        Assert.Equal(1, poisoned.Answers[1, 3]);
        Assert.Equal(0, poisoned.Answers[0, 4]);
    }

    [Fact]
    public void Labels_that_are_not_0_to_K_minus_1_become_classes_in_order_and_are_written_back_as_given()
    {
        // 1-based binary labels: two classes, not three with class 0 never used.
        var set = AnswerSetLoader.Load(Folder("question,worker,answer\na,u,1\na,v,2\nb,u,2\nb,v,2\nc,u,1\n", "question,truth\na,1\nb,2\n"));
        Assert.Equal(2, set.Classes);
        Assert.Equal([1, 2], set.LabelValues);
        Assert.Equal([0, 1, -1], set.Truth);
        Assert.Equal((0, 1), (set.Answers[0, 0], set.Answers[0, 1]));

        // A malicious worker labels a and c with class 1 (label 2); the file says 2, and reads back to the same matrix.
        var malicious = AnswerMatrix.FromItemSets(3, [[0, 2]], (_, _) => 1);
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "p.csv");
        AnswerSetWriter.Write(path, set, malicious);
        Assert.Equal(["question,worker,answer", "a,u,1", "a,v,2", "b,u,2", "b,v,2", "c,u,1", "a,m1,2", "c,m1,2"], File.ReadAllLines(path));
        var back = AnswerSetLoader.LoadPoisoned(set, path);
        Assert.Equal(set.Answers.AppendWorkers(malicious).Values, back.Answers.Values);
        Assert.Equal([1, 2], back.LabelValues);
    }

    [Fact]
    public void The_truth_never_adds_a_class_so_the_attack_and_the_victims_see_the_same_set_whatever_it_says()
    {
        const string answers = "question,worker,answer\n0,a,0\n0,b,0\n0,c,1\n1,a,1\n1,b,1\n1,c,1\n2,a,0\n2,b,1\n2,c,0\n3,a,1\n3,b,1\n3,c,0\n";
        var plain = AnswerSetLoader.Load(Folder(answers, "question,truth\n0,0\n1,1\n2,0\n3,1\n"));
        var odd = AnswerSetLoader.Load(Folder(answers, "question,truth\n0,0\n1,1\n2,0\n3,7\n")); // 7: no worker gave it
        Assert.Equal((2, 2), (plain.Classes, odd.Classes));
        Assert.Equal([0, 1, 0, 1], plain.Truth);
        Assert.Equal([0, 1, 0, odd.UnseenTruth], odd.Truth);
        Assert.Equal((2, 0, 1), (odd.UnseenTruth, plain.TruthOutsideClasses, odd.TruthOutsideClasses));

        // The same attack writes the same answers, and every victim outputs the same labels: only the scoring differs,
        // where question 3 is wrong for every victim (4 items known, the 4th unattainable).
        var budget = new PoisonBudget(2, 1.0);
        var victims = VictimCatalog.Names.ToList();
        var a = PoisoningRunner.Run(plain, PoisoningAttackCatalog.Create("subpac"), budget, 3, 3, victims);
        var b = PoisoningRunner.Run(odd, PoisoningAttackCatalog.Create("subpac"), budget, 3, 3, victims);
        Assert.Equal(a.Malicious.Values, b.Malicious.Values);
        Assert.Equal(a.Scores.Select(v => v.LabelsChanged), b.Scores.Select(v => v.LabelsChanged));
        foreach (var (x, y) in a.Scores.Zip(b.Scores))
        {
            // Question 3 is right in x's clean labels exactly when the victim gave label 1 there; in y it is never right.
            Assert.InRange(x.CleanAccuracy - y.CleanAccuracy, -1e-12, 0.25 + 1e-12);
            Assert.Equal(0, (y.CleanAccuracy * 4) % 1, 9);
        }
    }

    [Theory]
    [InlineData("question,worker,answer\na,u,0\na,v,99999\nb,u,1\n", new[] { 0, 1, 99999 })]  // a sparse label: 3 classes, not 100,000
    [InlineData("question,worker,answer\na,u,5\nb,u,5\n", new[] { 0, 5 })]                      // one label only: still two classes
    [InlineData("question,worker,answer\na,u,0\nb,u,0\n", new[] { 0, 1 })]                      // 0-based: the identity, as before
    [InlineData("question,worker,answer\na,u,0\na,v,2\nb,u,1\n", new[] { 0, 1, 2 })]
    public void The_classes_are_the_labels_seen_in_increasing_order(string answers, int[] expected)
    {
        var set = AnswerSetLoader.Load(Folder(answers));
        Assert.Equal(expected, set.LabelValues);
        Assert.Equal(expected.Length, set.Classes);
    }

    [Theory]
    [InlineData("question,worker,answer\n2,2,1\n2,11,0\n77,50,0\n9,7,1\n10,2,1\n10,7,0\n", 4, "question '77' is not in the clean set")]
    [InlineData("question,worker,answer\n2,2,1\n2,11,1\n9,7,1\n10,2,1\n10,7,0\n", 3, "normal worker '11' answers question '2' with 1, the clean set has 0")]
    [InlineData("question,worker,answer\n2,2,1\n2,11,0\n9,2,1\n9,7,1\n10,2,1\n10,7,0\n", 4, "normal worker '2' answers question '9', which it did not answer")]
    [InlineData("question,worker,answer\n2,2,1\n2,11,0\n9,7,1\n10,2,1\n10,7,0\n10,50,2\n", 7, "label 2 is not one of the clean set's labels (0, 1)")]
    [InlineData("question,worker,answer\n2,2,1\n2,11,0\n9,7,1\n10,2,1\n10,7,0\n10,50,1\n10,50,0\n", 8, "duplicate answer of worker '50' to question '10'")]
    public void A_poisoned_file_that_does_not_extend_the_clean_set_is_refused_at_its_line(string text, int line, string fragment)
    {
        var clean = Small();
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "p.csv");
        File.WriteAllText(path, text);
        var error = Assert.Throws<AlfcInputException>(() => AnswerSetLoader.LoadPoisoned(clean, path));
        AssertOneLineAt(error, path, line, fragment);
    }

    [Fact]
    public void A_poisoned_file_that_drops_clean_answers_is_refused_naming_one()
    {
        var clean = Small();
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "p.csv");
        File.WriteAllText(path, "question,worker,answer\n2,2,1\n9,7,1\n10,2,1\n10,7,0\n10,50,1\n");
        var error = Assert.Throws<AlfcInputException>(() => AnswerSetLoader.LoadPoisoned(clean, path));
        Assert.Equal($"{path}: 1 clean answers are missing, e.g. worker '11' on question '2'", error.Message);
    }

    [SubPacDataFact]
    public void The_released_sets_load_with_the_documented_sizes_and_a_released_poisoned_file_adds_five_workers()
    {
        foreach (var (name, items, workers, answers) in new[] { ("temp", 462, 76, 4620), ("rte", 800, 164, 8000), ("sentiment", 1000, 85, 20000) })
        {
            var set = SubPacData.CleanSet(name);
            Assert.Equal((items, workers, answers, 2, items), (set.Answers.Items, set.Answers.Workers, set.Answers.AnswerCount, set.Classes, set.KnownTruth));
        }
        var poisoned = SubPacData.Poisoned("temp", "POAC", "EM");
        Assert.Equal(5, poisoned.MaliciousWorkers);
        Assert.Equal(5775 - 4620, poisoned.MaliciousAnswers().AnswerCount);
    }
}
