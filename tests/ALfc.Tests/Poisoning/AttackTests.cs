using ALfc.Core.Data;
using ALfc.Core.Poisoning;
using ALfc.Core.Poisoning.Attacks;
using ALfc.Core.Poisoning.Evaluation;
using ALfc.Core.Poisoning.Victims;

namespace ALfc.Tests.Poisoning;

public class AttackTests
{
    private static readonly IPoisoningAttack[] RandomSetAttacks = [new FlipAttack(), new RandAttack(), new DsGradientAttack(rounds: 2, steps: 20)];

    /// <summary>40 items x 7 workers, 3 classes, each worker labelling about 70 % of the items, a fixed pseudo-random crowd.</summary>
    private static AnswerMatrix Crowd(int classes = 2)
    {
        var random = new Random(11);
        var truth = Enumerable.Range(0, 40).Select(_ => random.Next(classes)).ToArray();
        var values = new int[40 * 7];
        for (int i = 0; i < 40; i++)
            for (int j = 0; j < 7; j++)
                values[i * 7 + j] = random.NextDouble() < 0.3 ? AnswerMatrix.Missing
                    : random.NextDouble() < 0.75 ? truth[i] : (truth[i] + 1 + random.Next(classes - 1)) % classes;
        return new AnswerMatrix(40, 7, values);
    }

    private static HashSet<int> Items(AnswerMatrix malicious, int worker) =>
        Enumerable.Range(0, malicious.Items).Where(i => malicious[i, worker] != AnswerMatrix.Missing).ToHashSet();

    public static TheoryData<int> AttackIndices => new(Enumerable.Range(0, RandomSetAttacks.Length));

    [Theory]
    [MemberData(nameof(AttackIndices))]
    public void A_random_set_baseline_spends_exactly_ceil_a_N_answers_per_worker_on_sets_that_differ(int index)
    {
        var attack = RandomSetAttacks[index];
        var budget = new PoisonBudget(4, 0.33);
        var malicious = attack.Build(Crowd(), 2, budget, seed: 5);
        Assert.Equal((40, 4), (malicious.Items, malicious.Workers));
        Assert.All(malicious.AnswersPerWorker(), count => Assert.Equal(14, count)); // ⌈0.33·40⌉ = 14
        var sets = Enumerable.Range(0, 4).Select(w => Items(malicious, w)).ToArray();
        Assert.True(sets.Skip(1).Any(s => !s.SetEquals(sets[0])), $"{attack.Name}: every worker got the same items");
        Assert.All(malicious.Values, v => Assert.InRange(v, AnswerMatrix.Missing, 1));
    }

    [Theory]
    [MemberData(nameof(AttackIndices))]
    public void The_same_seed_gives_the_same_answers_and_another_seed_other_item_sets(int index)
    {
        var attack = RandomSetAttacks[index];
        var budget = new PoisonBudget(3, 0.25);
        var first = attack.Build(Crowd(), 2, budget, seed: 9);
        Assert.Equal(first.Values, attack.Build(Crowd(), 2, budget, seed: 9).Values);
        var other = attack.Build(Crowd(), 2, budget, seed: 10);
        Assert.False(Enumerable.Range(0, 3).All(w => Items(first, w).SetEquals(Items(other, w))), $"{attack.Name}: seed does not move the item sets");
    }

    [Fact]
    public void Flip_and_Rand_and_the_DS_gradient_attack_share_the_item_sets_of_a_seed()
    {
        var budget = new PoisonBudget(3, 0.4);
        var sets = RandomSetAttacks.Select(a => a.Build(Crowd(), 2, budget, seed: 4)).Select(m => Enumerable.Range(0, 3).Select(w => Items(m, w)).ToArray()).ToArray();
        for (int a = 1; a < sets.Length; a++)
            for (int w = 0; w < 3; w++) Assert.True(sets[0][w].SetEquals(sets[a][w]));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Flip_never_agrees_with_clean_majority_vote_and_picks_the_runner_up(int classes)
    {
        var crowd = Crowd(classes);
        var malicious = new FlipAttack().Build(crowd, classes, new PoisonBudget(3, 0.5), seed: 1);
        var majority = new SubPacMajorityVote().Aggregate(crowd, classes);
        var consensus = CleanConsensus.Of(crowd, classes);
        foreach (var (i, _, label) in malicious.Triples())
        {
            Assert.NotEqual(majority.Labels[i], label);
            Assert.Equal(consensus.RunnerUp[i], label);
            for (int k = 0; k < classes; k++)
                if (k != majority.Labels[i]) Assert.True(majority.Posteriors[i, label] >= majority.Posteriors[i, k]);
        }
    }

    [Fact]
    public void Rand_labels_are_spread_over_the_classes()
    {
        var malicious = new RandAttack().Build(Crowd(3), 3, new PoisonBudget(5, 1.0), seed: 2);
        var counts = malicious.Values.GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(200, counts.Values.Sum());
        Assert.All(Enumerable.Range(0, 3), k => Assert.InRange(counts.GetValueOrDefault(k), 45, 90));
    }

    [Fact]
    public void Greedy_collusion_gives_every_worker_the_smallest_margin_items_with_the_flipped_label()
    {
        // Margins: item 0: 3-0 (1.0), item 1: 2-1 (1/3), item 2: 1-1 (0, MV tie goes to 1), item 3: 2-0 (1.0).
        var normal = SubPacVictimTests.Matrix([0, 0, 0], [1, 1, 0], [0, 1, AnswerMatrix.Missing], [1, 1, AnswerMatrix.Missing]);
        var malicious = new GreedyCollusionAttack().Build(normal, 2, new PoisonBudget(3, 0.5), seed: 0);
        Assert.Equal(new[]
        {
            AnswerMatrix.Missing, AnswerMatrix.Missing, AnswerMatrix.Missing,
            0, 0, 0,
            0, 0, 0,
            AnswerMatrix.Missing, AnswerMatrix.Missing, AnswerMatrix.Missing,
        }, malicious.Values);
    }

    [Fact]
    public void The_DS_gradient_attack_changes_at_least_as_many_substitute_labels_as_its_Flip_start()
    {
        // It keeps the best discrete strategy by substitute labels changed, its start (Flip's labels on the same item
        // sets) included, so by its own measure it cannot do worse than Flip.
        var crowd = Crowd();
        var budget = new PoisonBudget(4, 0.5);
        int Changed(AnswerMatrix malicious)
        {
            var clean = Core.Aggregation.AggregationMath.ArgmaxRows(DsSubstitute.Fit(crowd, 2, 20).Posteriors);
            var poisoned = Core.Aggregation.AggregationMath.ArgmaxRows(DsSubstitute.Fit(crowd.AppendWorkers(malicious), 2, 20).Posteriors);
            return clean.Zip(poisoned).Count(p => p.First != p.Second);
        }
        var progress = new List<PoisoningProgress>();
        var gradient = new DsGradientAttack(rounds: 3, steps: 30).Build(crowd, 2, budget, 3, new SyncProgress(progress.Add));
        Assert.True(Changed(gradient) >= Changed(new FlipAttack().Build(crowd, 2, budget, 3)));
        Assert.Equal(3 * 3, progress.Count);
        Assert.Equal((3, 3, 30, 30), (progress[^1].Round, progress[^1].Rounds, progress[^1].Step, progress[^1].Steps));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void The_DS_gradient_attacks_colluders_give_one_label_per_item_whoever_of_them_labels_it(int classes)
    {
        // As in the released TIA files (every item two or more malicious workers label carries one label): the labels
        // are optimised per item, not per worker, so the random item sets overlap without the colluders disagreeing.
        var malicious = new DsGradientAttack(rounds: 3, steps: 40, learningRate: 0.5).Build(Crowd(classes), classes, new PoisonBudget(5, 0.6), seed: 4);
        var shared = Enumerable.Range(0, malicious.Items)
            .Select(i => Enumerable.Range(0, 5).Select(w => malicious[i, w]).Where(v => v != AnswerMatrix.Missing).ToArray())
            .Where(labels => labels.Length >= 2).ToList();
        Assert.True(shared.Count >= 10, $"only {shared.Count} items labelled by two or more");
        Assert.All(shared, labels => Assert.Single(labels.Distinct()));
    }

    private sealed class SyncProgress(Action<PoisoningProgress> report) : IProgress<PoisoningProgress>
    {
        public void Report(PoisoningProgress value) => report(value);
    }

    [SubPacDataFact]
    public void On_rte_Flip_beats_Rand_and_greedy_collusion_beats_Flip_on_every_victim()
    {
        var clean = SubPacData.CleanSet("rte");
        var budget = new PoisonBudget(5, 0.5);
        var victims = new[] { "subpac-ds", "subpac-mv", "subpac-zencrowd" };
        double[] Asr(IPoisoningAttack attack) => VictimEvaluator.Evaluate(clean, attack.Build(clean.Answers, clean.Classes, budget, 1),
            victims.Select(v => VictimCatalog.Create(v))).Select(s => s.Asr).ToArray();
        var flip = Asr(new FlipAttack());
        var rand = Asr(new RandAttack());
        var greedy = Asr(new GreedyCollusionAttack());
        for (int v = 0; v < victims.Length; v++)
        {
            Assert.True(flip[v] > rand[v], $"{victims[v]}: flip {flip[v]:F3} vs rand {rand[v]:F3}");
            Assert.True(greedy[v] > flip[v], $"{victims[v]}: greedy {greedy[v]:F3} vs flip {flip[v]:F3}");
        }
    }
}
