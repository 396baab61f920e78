using ALfc.Core.Aggregation;
using ALfc.Core.Data;
using ALfc.Core.Data.AnswerSets;
using ALfc.Core.Poisoning.Evaluation;
using ALfc.Core.Poisoning.Victims;

namespace ALfc.Tests.Poisoning;

public class EvaluationTests
{
    private const int X = AnswerMatrix.Missing;

    [Fact]
    public void ASR_counts_only_items_right_on_clean_data_with_known_truth()
    {
        int[] truth = [0, 1, 1, 0, -1, 1];
        int[] clean = [0, 1, 0, 0, 1, 1];   // right on items 0, 1, 3, 5 (item 4 has no truth)
        int[] poisoned = [1, 1, 1, 1, 0, 0]; // of those, 0, 3 and 5 turn wrong; item 2 turning right does not count
        Assert.Equal(3 / 4.0, AttackSuccessRate.Compute(truth, clean, poisoned), 15);
        Assert.Equal(4 / 5.0, AttackSuccessRate.Accuracy(truth, clean), 15);
        Assert.Equal(2 / 5.0, AttackSuccessRate.Accuracy(truth, poisoned), 15);
        Assert.True(double.IsNaN(AttackSuccessRate.Compute([1], [0], [0])));
    }

    [Fact]
    public void The_evaluator_runs_each_victim_on_the_normal_and_on_the_poisoned_answers()
    {
        // 3 items, 3 normal workers who agree with the truth (0, 1, 0) 2 to 1; 2 malicious workers outvote them on item 2.
        var normal = SubPacVictimTests.Matrix([0, 0, 1], [1, 1, 0], [0, 0, 1]);
        var clean = new AnswerSet("toy", normal, 2, [0, 1, 0], ["a", "b", "c"], ["1", "2", "3"]);
        var malicious = SubPacVictimTests.Matrix([X, X], [X, X], [1, 1]);
        var score = VictimEvaluator.Evaluate(clean, malicious, [new SubPacMajorityVote()]).Single();
        Assert.Equal(new VictimScore("subpac-mv", 1.0, 2 / 3.0, 1 / 3.0, 1, 3), score);
    }

    [Fact]
    public void A_poisoning_trial_scores_its_victims_with_its_own_seed_so_the_written_file_rescores_the_same()
    {
        // Four normal workers at 60 % accuracy on 30 binary items: many 2-2 ties, which subpac-wmv and catd break at
        // random, so their numbers depend on the tie-break seed.
        var random = new Random(11);
        int items = 30, workers = 4;
        var truth = Enumerable.Range(0, items).Select(_ => random.Next(2)).ToArray();
        var values = Enumerable.Range(0, items * workers).Select(x => random.NextDouble() < 0.6 ? truth[x / workers] : 1 - truth[x / workers]).ToArray();
        var clean = new AnswerSet("toy", new AnswerMatrix(items, workers, values), 2, truth,
            Enumerable.Range(0, items).Select(i => $"q{i}").ToArray(), Enumerable.Range(0, workers).Select(j => $"w{j}").ToArray());
        string[] victims = ["subpac-wmv", "catd"];
        bool seedMatters = false;
        foreach (long seed in new long[] { 0, 1, 5, -3, 123456789012 })
        {
            var spec = Core.Poisoning.PoisoningSpec.Create("subpac/toy", "flip", "ds", 2, 0.3, seed, victims);
            var (record, outcome) = Core.Trials.PoisoningTrialKind.Execute(spec, clean, null, CancellationToken.None);
            var file = Path.Combine(TestPaths.NewScratchDirectory(), "poisoned.csv");
            AnswerSetWriter.Write(file, clean, outcome.Malicious);
            var reloaded = AnswerSetLoader.LoadPoisoned(clean, file);
            // What `alfc victims --seed S` computes on the file that `alfc poison --seed S` wrote.
            Assert.Equal(record.Victims, Core.Poisoning.PoisoningRunner.Score(reloaded, victims, seed).Scores);
            // The seed is not idle here: the attack's derived stream would have broken the ties otherwise.
            var other = Core.Poisoning.PoisoningRunner.Score(reloaded, victims, Core.Seeds.DeriveInt(seed, "poison")).Scores;
            seedMatters |= !other.SequenceEqual(record.Victims);
        }
        Assert.True(seedMatters, "no seed changed a tie-break: the toy set no longer tests the victims' seed");
    }

    [Fact]
    public void Against_the_majority_counts_malicious_labels_that_differ_from_the_clean_vote_with_ties_to_the_highest_class()
    {
        // Item 0: 2 votes for 0; item 1: tied 1-1, so the clean majority is 1 (ties high, as the baselines read it);
        // item 2: 2 votes for 1. Greedy labels the smallest-margin item (the tie) with the runner-up 0, against the
        // majority; with a = 0.5 it labels ceil(1.5) = 2 items: the tie and item 0 (margin 1, lower index), each against.
        var normal = SubPacVictimTests.Matrix([0, 0], [0, 1], [1, 1]);
        var clean = new AnswerSet("toy", normal, 2, [0, 1, 1], ["a", "b", "c"], ["1", "2"]);
        var spec = Core.Poisoning.PoisoningSpec.Create("subpac/toy", "greedy", "ds", 1, 0.5, 0, ["subpac-mv"]);
        var (record, outcome) = Core.Trials.PoisoningTrialKind.Execute(spec, clean, null, CancellationToken.None);
        Assert.Equal([(0, 0, 1), (1, 0, 0)], outcome.Malicious.Triples().Select(t => (t.Item, t.Worker, t.Label)).OrderBy(t => t.Item));
        Assert.Equal(2, record.AgainstMajority);
    }

    [Fact]
    public void Worker_reliability_is_the_accuracy_on_items_with_truth_and_the_victims_estimate()
    {
        var answers = SubPacVictimTests.Matrix([0, 0, 1], [1, 1, 1], [0, 1, 1], [1, X, 0]);
        var set = new AnswerSet("toy", answers, 2, [0, 1, 0, -1], ["a", "b", "c", "d"], ["1", "2", "m1"], normalWorkers: 2);
        var fitted = new SubPacZenCrowd().Aggregate(answers, 2);
        var workers = WorkerReliabilityAnalysis.Compute(set, fitted);
        Assert.Equal([1.0, 2 / 3.0, 1 / 3.0], workers.Select(w => w.TrueAccuracy));
        Assert.Equal([false, false, true], workers.Select(w => w.Malicious));
        Assert.Equal([4, 3, 4], workers.Select(w => w.Answers));
        Assert.Equal(fitted.Reliabilities!, workers.Select(w => w.Estimated));
        var summary = WorkerReliabilityAnalysis.Summarise(workers);
        Assert.Equal(5 / 6.0, summary.NormalTrue, 15);
        Assert.Equal(1 / 3.0, summary.MaliciousTrue, 15);
    }

    [Fact]
    public void A_victim_with_confusions_only_is_rated_by_its_prior_weighted_diagonal()
    {
        var posteriors = new double[,] { { 1, 0 }, { 0.5, 0.5 } }; // prior (0.75, 0.25)
        var confusion = new double[,] { { 0.9, 0.1 }, { 0.4, 0.6 } };
        var result = new AggregationResult([0, 0], posteriors, Confusions: [confusion]);
        var set = new AnswerSet("toy", SubPacVictimTests.Matrix([0], [1]), 2, [0, 1], ["a", "b"], ["w"]);
        Assert.Equal(0.75 * 0.9 + 0.25 * 0.6, WorkerReliabilityAnalysis.Compute(set, result)[0].Estimated, 15);
    }
}
