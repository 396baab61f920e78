using System.Collections.Concurrent;
using ALfc.Core.Aggregation;
using ALfc.Core.Data.AnswerSets;
using ALfc.Core.Poisoning.Evaluation;
using ALfc.Core.Poisoning.Victims;

namespace ALfc.Tests.Poisoning;

/// <summary>
/// The must-show: scoring the released SubPac files with the replicated victims reproduces the numbers of
/// shared/docs/subpac-notes.md §10-§11 (recomputed there by running the authors' own victim scripts, with
/// random.seed(0) before each run of WMV and CATD) within 0.005, the bound. Every cell is in fact exact: the
/// tolerance here is 0.0005, what the notes' 3 decimals leave.
/// </summary>
public class VictimFidelityTests
{
    private const double Tolerance = 0.0005 + 1e-9; // a value such as 0.0375 prints as 0.037 or 0.038 depending on its last bit

    /// <summary>The §11 column order: MV, WMV, ZenCrowd, DS, CATD.</summary>
    private static readonly string[] Targets = ["subpac-mv", "subpac-wmv", "subpac-zencrowd", "subpac-ds", "catd"];

    private static readonly ConcurrentDictionary<(string, string), Lazy<int[]>> CleanLabels = new();

    /// <summary>Victims are deterministic (seeded), so their clean labels are computed once per run.</summary>
    private static int[] Clean(string dataset, IAggregator victim) =>
        CleanLabels.GetOrAdd((dataset, victim.Name), _ => new Lazy<int[]>(() =>
        {
            var set = SubPacData.CleanSet(dataset);
            return victim.Aggregate(set.Answers, set.Classes).Labels;
        })).Value;

    private static VictimScore Score(string dataset, AnswerSet poisoned, string victimName)
    {
        var victim = VictimCatalog.Create(victimName);
        var after = victim.Aggregate(poisoned.Answers, poisoned.Classes).Labels;
        return VictimEvaluator.Score(victim.Name, poisoned.Truth, Clean(dataset, victim), after);
    }

    private static void Near(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance, $"{what}: measured {actual:F4}, notes {expected:F3}");

    [SubPacDataTheory]
    [InlineData("temp", 0.933, 0.944, 0.937, 0.942, 0.926)]
    [InlineData("rte", 0.875, 0.927, 0.925, 0.927, 0.926)]
    [InlineData("sentiment", 0.935, 0.953, 0.951, 0.960, 0.955)]
    public void Clean_accuracies_match_the_notes_table(string dataset, double mv, double wmv, double zenCrowd, double ds, double catd)
    {
        var set = SubPacData.CleanSet(dataset);
        double[] expected = [mv, wmv, zenCrowd, ds, catd];
        for (int t = 0; t < Targets.Length; t++)
            Near(expected[t], AttackSuccessRate.Accuracy(set.Truth, Clean(dataset, VictimCatalog.Create(Targets[t]))), $"{dataset} {Targets[t]} clean");
    }

    /// <summary>exp3 (SubPac, a = 0.5, M' = 5): one row per substitute; the cells are ASRs for MV, WMV, ZenCrowd, DS, CATD.</summary>
    [SubPacDataTheory]
    [InlineData("temp", "MV", 0.383, 0.550, 0.570, 0.000, 0.563)]
    [InlineData("temp", "WMV", 0.125, 0.147, 0.150, 0.000, 0.138)]
    [InlineData("temp", "EM", 0.220, 0.268, 0.273, 0.267, 0.262)]
    [InlineData("temp", "ZenCrowd", 0.162, 0.186, 0.185, 0.184, 0.180)]
    [InlineData("rte", "MV", 0.260, 0.500, 0.986, 0.004, 0.507)]
    [InlineData("rte", "WMV", 0.277, 0.426, 0.936, 0.008, 0.426)]
    [InlineData("rte", "EM", 0.194, 0.279, 0.314, 0.310, 0.281)]
    [InlineData("rte", "ZenCrowd", 0.334, 0.456, 0.795, 0.724, 0.452)]
    [InlineData("sentiment", "MV", 0.113, 0.001, 0.000, 0.000, 0.003)]
    [InlineData("sentiment", "WMV", 0.155, 0.234, 0.002, 0.001, 0.239)]
    [InlineData("sentiment", "EM", 0.086, 0.119, 0.129, 0.141, 0.133)]
    [InlineData("sentiment", "ZenCrowd", 0.074, 0.098, 0.098, 0.109, 0.102)]
    public void The_transfer_table_of_the_released_SubPac_files_is_reproduced(string dataset, string substitute, double mv, double wmv, double zenCrowd, double ds, double catd)
    {
        var poisoned = SubPacData.Poisoned(dataset, "POAC", substitute);
        double[] expected = [mv, wmv, zenCrowd, ds, catd];
        for (int t = 0; t < Targets.Length; t++)
            Near(expected[t], Score(dataset, poisoned, Targets[t]).Asr, $"{dataset} {substitute} -> {Targets[t]} ASR");
    }

    /// <summary>The poisoned accuracies the notes give in brackets.</summary>
    [SubPacDataTheory]
    [InlineData("temp", "MV", "subpac-mv", 0.584)]
    [InlineData("temp", "MV", "subpac-wmv", 0.446)]
    [InlineData("temp", "MV", "subpac-zencrowd", 0.435)]
    [InlineData("temp", "MV", "catd", 0.433)]
    [InlineData("temp", "EM", "subpac-mv", 0.738)]
    [InlineData("temp", "EM", "subpac-ds", 0.712)]
    [InlineData("rte", "MV", "subpac-zencrowd", 0.084)]
    [InlineData("rte", "EM", "subpac-ds", 0.701)]
    [InlineData("rte", "ZenCrowd", "subpac-ds", 0.319)]
    [InlineData("sentiment", "EM", "subpac-ds", 0.851)]
    public void Poisoned_accuracies_match_the_notes(string dataset, string substitute, string victim, double expected)
    {
        var poisoned = SubPacData.Poisoned(dataset, "POAC", substitute);
        Near(expected, Score(dataset, poisoned, victim).PoisonedAccuracy, $"{dataset} {substitute} -> {victim} accuracy");
    }

    /// <summary>exp1 (victim DS = c_EM, substitute DS, M' = 5): ASR for a = 0.10, 0.15, …, 0.50.</summary>
    [SubPacDataTheory]
    [InlineData("temp", "POAC", new[] { .000, .000, .014, .023, .023, .034, .041, .053, .267 })]
    [InlineData("temp", "TIA", new[] { .002, .011, .014, .014, .021, .016, .018, .014, .057 })]
    [InlineData("temp", "Flip", new[] { .002, .002, .002, .002, .002, .005, .005, .005, .000 })]
    [InlineData("temp", "Rand", new[] { .0, .0, .0, .0, .0, .0, .0, .0, .0 })]
    [InlineData("rte", "POAC", new[] { .000, .011, .053, .092, .129, .137, .163, .220, .310 })]
    [InlineData("rte", "TIA", new[] { .008, .012, .018, .018, .011, .028, .036, .102, .224 })]
    [InlineData("rte", "Flip", new[] { .016, .020, .026, .028, .012, .030, .031, .032, .003 })]
    [InlineData("rte", "Rand", new[] { .0, .0, .0, .0, .0, .0, .0, .0, .0 })]
    [InlineData("sentiment", "POAC", new[] { .011, .021, .030, .037, .040, .041, .046, .076, .141 })]
    [InlineData("sentiment", "TIA", new[] { .003, .002, .004, .006, .007, .009, .011, .011, .018 })]
    [InlineData("sentiment", "Flip", new[] { .004, .006, .009, .009, .009, .011, .015, .018, .000 })]
    [InlineData("sentiment", "Rand", new[] { .0, .0, .0, .0, .0, .0, .0, .0, .0 })]
    public void The_budget_curves_of_exp1_are_reproduced_on_the_DS_victim(string dataset, string attack, double[] expected)
    {
        string[] fractions = ["0.1", "0.15", "0.2", "0.25", "0.3", "0.35", "0.4", "0.45", "0.5"];
        for (int a = 0; a < fractions.Length; a++)
            Near(expected[a], Score(dataset, SubPacData.Poisoned(dataset, attack, "EM", fractions[a]), "subpac-ds").Asr, $"{dataset} {attack} a={fractions[a]}");
    }

    /// <summary>
    /// exp2 files (M' = 2, DS substitute): true accuracies of the notes §4.3 table (2 decimals): SubPac's malicious
    /// workers look almost as good as the normal ones, TIA's, Flip's and Rand's do not. ZenCrowd fitted on the
    /// poisoned answers sees the difference too.
    /// </summary>
    [SubPacDataTheory]
    [InlineData("temp", 0.84, 0.74, 0.74, 0.20, 0.31, 0.07, 0.08, 0.43, 0.48)]
    [InlineData("rte", 0.84, 0.76, 0.76, 0.20, 0.27, 0.10, 0.10, 0.49, 0.55)]
    [InlineData("sentiment", 0.79, 0.85, 0.85, 0.17, 0.17, 0.07, 0.07, 0.46, 0.49)]
    public void Worker_reliability_of_the_exp2_files_matches_the_notes(string dataset, double normal, double subPacLow, double subPacHigh,
        double tiaLow, double tiaHigh, double flipLow, double flipHigh, double randLow, double randHigh)
    {
        var bounds = new Dictionary<string, (double, double)>
        {
            ["POAC"] = (subPacLow, subPacHigh), ["TIA"] = (tiaLow, tiaHigh), ["Flip"] = (flipLow, flipHigh), ["Rand"] = (randLow, randHigh),
        };
        foreach (var (attack, (low, high)) in bounds)
        {
            var poisoned = SubPacData.Poisoned(dataset, attack, "EM", "0.0", workers: 2);
            var workers = WorkerReliabilityAnalysis.Compute(poisoned, new SubPacZenCrowd().Aggregate(poisoned.Answers, poisoned.Classes));
            var summary = WorkerReliabilityAnalysis.Summarise(workers);
            Assert.Equal(normal, Math.Round(summary.NormalTrue, 2));
            var malicious = workers.Where(w => w.Malicious).Select(w => Math.Round(w.TrueAccuracy, 2)).ToArray();
            Assert.Equal(2, malicious.Length);
            Assert.Equal(low, malicious.Min());
            Assert.Equal(high, malicious.Max());
            if (attack == "POAC") Assert.True(summary.MaliciousEstimated > 0.9, $"{dataset}: SubPac workers estimated {summary.MaliciousEstimated:F3}");
            else Assert.True(summary.MaliciousEstimated < summary.NormalEstimated, $"{dataset} {attack}: malicious estimated {summary.MaliciousEstimated:F3}");
        }
    }

    /// <summary>
    /// Scored the way `alfc victims` scores a file (<see cref="VictimEvaluator"/>: the clean run on the poisoned set's
    /// normal answers): the released rte file lists its normal answers in another order than the clean answer.csv (even
    /// the order in which questions first appear differs), and the clean run must read them in the clean file's order,
    /// as the authors' script reads answer.csv. The notes' values: clean WMV 0.927 and CATD 0.926, ASR 0.279 and 0.281.
    /// </summary>
    [SubPacDataFact]
    public void A_released_file_scored_as_a_whole_runs_the_clean_victims_in_the_clean_files_order()
    {
        var poisoned = SubPacData.Poisoned("rte", "POAC", "EM");
        Assert.NotEqual(SubPacData.CleanSet("rte").Answers.ReadingOrder.Answers, poisoned.Answers.ReadingOrder.FirstWorkers(poisoned.NormalWorkers).Answers);
        var scores = VictimEvaluator.Evaluate(poisoned, [VictimCatalog.Create("subpac-wmv"), VictimCatalog.Create("catd")]);
        Near(0.927, scores[0].CleanAccuracy, "rte subpac-wmv clean");
        Near(0.926, scores[1].CleanAccuracy, "rte catd clean");
        Near(0.279, scores[0].Asr, "rte subpac-wmv ASR");
        Near(0.281, scores[1].Asr, "rte catd ASR");
    }

    /// <summary>
    /// The file's order matters (<see cref="Core.Data.AnswerOrder"/>): WMV on clean sentiment gives the notes' 0.953
    /// (checked above), but the authors' own CRH script (random.seed(0)) on the same answers sorted by (question,
    /// worker) gives exactly 0.951, checked by running it both ways in an earlier session: sentiment's answer.csv is not
    /// sorted by worker within a question, and the Python dicts list tied labels (and sum the weights) in file order.
    /// </summary>
    [SubPacDataFact]
    public void WMV_on_sentiment_sorted_by_question_and_worker_gives_what_the_authors_script_gives_on_that_file()
    {
        var dir = TestPaths.NewScratchDirectory();
        var source = Path.Combine(SubPacData.Root, "datasets", "sentiment");
        var lines = File.ReadAllLines(Path.Combine(source, AnswerSetLoader.AnswerFile));
        var sorted = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','))
            .OrderBy(f => long.Parse(f[0])).ThenBy(f => long.Parse(f[1])).Select(f => string.Join(',', f));
        File.WriteAllLines(Path.Combine(dir, AnswerSetLoader.AnswerFile), [lines[0], .. sorted]);
        File.Copy(Path.Combine(source, AnswerSetLoader.TruthFile), Path.Combine(dir, AnswerSetLoader.TruthFile));
        var set = AnswerSetLoader.Load(dir);
        var labels = VictimCatalog.Create("subpac-wmv").Aggregate(set.Answers, set.Classes).Labels;
        Assert.Equal(0.951, Math.Round(AttackSuccessRate.Accuracy(set.Truth, labels), 3));
    }
}
