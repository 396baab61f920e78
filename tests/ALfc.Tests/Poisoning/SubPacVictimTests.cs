using ALfc.Core;
using ALfc.Core.Aggregation;
using ALfc.Core.Data;
using ALfc.Core.Poisoning.Victims;

namespace ALfc.Tests.Poisoning;

/// <summary>
/// Each SubPac victim on tiny tables, against values from the independent plain-Python reference
/// tests/ALfc.Tests/reference/subpac_victims_reference.py (written from subpac-notes §7, with CPython's own
/// random.seed/random.choice for the tie-breaks).
/// </summary>
public class SubPacVictimTests
{
    private const int X = AnswerMatrix.Missing;

    /// <summary>8 items x 4 workers, binary; item 7 is a 1-1 tie.</summary>
    internal static AnswerMatrix Binary() => Matrix(
        [0, 0, 1, X], [1, 1, 1, 0], [0, 1, X, 1], [1, 0, 0, 0],
        [X, 1, 0, 1], [0, 0, X, 1], [1, X, 1, 0], [0, 1, X, X]);

    /// <summary>5 items x 4 workers, three classes.</summary>
    private static AnswerMatrix ThreeClasses() => Matrix([0, 0, 1, X], [1, 1, 1, 2], [2, 2, X, 0], [0, 1, 0, 0], [2, X, 2, 2]);

    internal static AnswerMatrix Matrix(params int[][] rows) => new(rows.Length, rows[0].Length, rows.SelectMany(r => r).ToArray());

    private static void AssertRows(double[,] actual, double[][] expected, double tolerance = 1e-12)
    {
        Assert.Equal(expected.Length, actual.GetLength(0));
        for (int i = 0; i < expected.Length; i++)
            for (int k = 0; k < expected[i].Length; k++)
                Assert.True(Math.Abs(actual[i, k] - expected[i][k]) <= tolerance, $"[{i},{k}] = {actual[i, k]:R}, expected {expected[i][k]:R}");
    }

    [Fact]
    public void The_decision_rule_sends_ties_to_the_highest_label()
    {
        var posteriors = new double[,] { { 0.5, 0.5 }, { 0.6, 0.4 }, { 0.4, 0.6 }, { 0.2, 0.4, }, };
        Assert.Equal([1, 0, 1, 1], SubPacDecision.Labels(posteriors));
        var three = new double[,] { { 0.4, 0.4, 0.2 }, { 0.3, 0.3, 0.3 }, { 0.5, 0.2, 0.3 } };
        Assert.Equal([1, 2, 0], SubPacDecision.Labels(three));
    }

    [Fact]
    public void Majority_vote_gives_vote_fractions_and_a_one_one_tie_goes_to_label_one()
    {
        var result = new SubPacMajorityVote().Aggregate(Binary(), 2);
        AssertRows(result.Posteriors, [[2 / 3.0, 1 / 3.0], [0.25, 0.75], [1 / 3.0, 2 / 3.0], [0.75, 0.25], [1 / 3.0, 2 / 3.0], [2 / 3.0, 1 / 3.0], [1 / 3.0, 2 / 3.0], [0.5, 0.5]]);
        Assert.Equal([0, 1, 1, 0, 1, 0, 1, 1], result.Labels);
    }

    [Fact]
    public void Dawid_Skene_as_c_EM_matches_the_reference_including_exact_zeros_from_no_smoothing()
    {
        var result = new SubPacDawidSkene().Aggregate(Binary(), 2);
        AssertRows(result.Posteriors,
        [
            [0.9998405016924842, 0.00015949830751579546], [0.0, 1.0], [0.9999999999999988, 1.1525904548818754e-15], [0.0, 1.0],
            [0.9999999999951815, 4.818462630887074e-12], [0.9999999999999982, 1.7293455685600884e-15], [0.0, 1.0],
            [0.9999202826490841, 7.971735091595753e-05],
        ]);
        AssertRows(result.Confusions![0], [[1.0, 0.0], [7.973219508169666e-05, 0.9999202678049183]]);
        Assert.Equal([0, 1, 0, 1, 0, 0, 1, 0], result.Labels);
        // Reliability = Σ_t π_t π[t, t] with the reference prior (0.62497..., 0.37503...).
        Assert.Equal(0.6249700980420934 * 1.0 + 0.37502990195790664 * 0.9999202678049183, result.Reliabilities![0], 12);
    }

    [Fact]
    public void Dawid_Skene_as_c_EM_handles_three_classes()
    {
        var result = new SubPacDawidSkene().Aggregate(ThreeClasses(), 3);
        AssertRows(result.Posteriors, [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 0, 1]]);
    }

    [Fact]
    public void A_c_EM_worker_whose_class_has_no_mass_gets_the_initial_diagonal_row_back()
    {
        // Worker 4 labels only items 1 and 3, whose class-0 posterior ends at exactly 0 (no smoothing), so its
        // denominator for class 0 is 0 and row 0 returns to (0.7, 0.3) (reference: "c_em fallback").
        var rows = new[] { 0, 1, 2, 3, 4, 5, 6, 7 }.Select(i => Enumerable.Range(0, 4).Select(j => Binary()[i, j]).Append(i is 1 or 3 ? 1 : X).ToArray()).ToArray();
        var result = new SubPacDawidSkene().Aggregate(Matrix(rows), 2);
        AssertRows(result.Confusions![4], [[0.7, 0.30000000000000004], [0.0, 1.0]]);
        AssertRows(result.Posteriors,
        [
            [0.9999579087338955, 4.20912661045432e-05], [0.0, 1.0], [1.0, 4.775212842990904e-18], [0.0, 1.0],
            [0.9999999999999244, 7.563639340478575e-14], [1.0, 7.163321836680778e-18], [0.0, 1.0], [0.9999789565816001, 2.1043418399915722e-05],
        ]);
    }

    [Fact]
    public void ZenCrowd_matches_the_reference_with_no_class_prior_and_unclamped_qualities()
    {
        var result = new SubPacZenCrowd().Aggregate(Binary(), 2);
        AssertRows(result.Posteriors,
        [
            [0.9988189128856232, 0.0011810871143767652], [4.2051394066812396e-11, 0.9999999999579486], [0.9999999999645084, 3.549152527507887e-11],
            [5.337080965071701e-11, 0.9999999999466292], [0.999999959936683, 4.006331696442827e-08], [0.9999999999367647, 6.323529154875778e-11],
            [3.1503801849804214e-11, 0.9999999999684962], [0.99955884667922, 0.00044115332077997833],
        ]);
        var q = result.Reliabilities!;
        double[] expected = [0.99976825133417, 0.4284657294647566, 0.6002362094061751, 6.71482829780324e-09];
        for (int j = 0; j < 4; j++) Assert.Equal(expected[j], q[j], 12);
    }

    [Fact]
    public void ZenCrowd_handles_three_classes()
    {
        var result = new SubPacZenCrowd().Aggregate(ThreeClasses(), 3);
        AssertRows(result.Posteriors,
        [
            [0.9999999999993433, 5.628275623363805e-13, 9.380459372268314e-14], [1.5634098953782235e-14, 0.9999999999999533, 3.1268197907539057e-14],
            [1.876091874452842e-13, 9.380459372271835e-14, 0.9999999999997186], [0.9999999999996717, 2.81413781166118e-13, 4.690229686119565e-14],
            [4.6902296861206636e-14, 4.6902296861206636e-14, 0.9999999999999062],
        ]);
    }

    [Fact]
    public void CRH_weights_are_agreement_fractions_and_its_posterior_sums_them()
    {
        var result = new SubPacCrh().Aggregate(Binary(), 2);
        Assert.Equal([0.5714285714285714, 1.0, 0.6, 0.5], result.Reliabilities!);
        AssertRows(result.Posteriors,
        [
            [0.7236842105263158, 0.27631578947368424], [0.18716577540106952, 0.8128342245989305], [0.27586206896551724, 0.7241379310344829],
            [0.7860962566844919, 0.213903743315508], [0.2857142857142857, 0.7142857142857143], [0.7586206896551725, 0.24137931034482762],
            [0.2991452991452992, 0.7008547008547008], [0.36363636363636365, 0.6363636363636364],
        ]);
        Assert.Equal([0, 1, 1, 0, 1, 0, 1, 1], result.Labels);
    }

    [Fact]
    public void CATD_matches_the_reference_labels_and_weights()
    {
        var result = new Catd().Aggregate(Binary(), 2);
        Assert.Equal([0, 1, 1, 0, 1, 0, 1, 1], result.Labels);
        double[] expected = [3.333333329477318e-10, 0.9999999991765286, 2.4556212985252037e-10, 2.445759366007026e-10];
        for (int j = 0; j < 4; j++) Assert.True(Math.Abs(result.Reliabilities![j] - expected[j]) <= 1e-12 * Math.Max(1, expected[j]) + 1e-22, $"w{j}");
    }

    [Theory]
    [InlineData(0, new[] { 0, 1, 1, 0, 1, 0, 1, 1 })]
    [InlineData(2, new[] { 0, 1, 1, 0, 1, 0, 1, 0 })]
    [InlineData(4, new[] { 0, 1, 1, 0, 1, 0, 1, 0 })]
    public void The_random_majority_start_breaks_ties_as_CPython_does_after_random_seed(int seed, int[] expected)
    {
        var labels = WeightedVote.Labels(Binary(), 2, [1.0, 1.0, 1.0, 1.0], new RandomTieBreak(seed));
        Assert.Equal(expected, labels);
    }

    [Theory]
    [InlineData(0, new[] { 1, 0, 1, 1, 1, 1 })]
    [InlineData(7, new[] { 1, 1, 0, 0, 1, 0 })]
    public void Tied_candidates_are_listed_in_order_of_first_appearance_as_in_the_Python_dicts(int seed, int[] expected)
    {
        var ties = Matrix([0, 1, X], [1, 0, X], [X, 1, 0], [0, X, 1], [1, 1, 0], [0, 1, X]);
        Assert.Equal(expected, WeightedVote.Labels(ties, 2, [1.0, 1.0, 1.0], new RandomTieBreak(seed)));
    }

    [Fact]
    public void Python_random_reproduces_CPython_outputs()
    {
        // python3 -c "import random; random.seed(0); print(random.getrandbits(32), random.getrandbits(32))"
        var zero = new PythonRandom(0);
        Assert.Equal([3626764237u, 1654615998u], new[] { zero.GetRandBits(32), zero.GetRandBits(32) });
        // random.seed(0); [random.choice([0,1]) for _ in range(10)]
        var choices = new PythonRandom(0);
        Assert.Equal([1, 1, 0, 1, 1, 1, 1, 1, 1, 0], Enumerable.Range(0, 10).Select(_ => choices.RandBelow(2)));
        Assert.Equal(1789368711u, new PythonRandom(12345).GetRandBits(32));
    }

    [Fact]
    public void GLAD_agrees_with_the_clear_majorities_and_rates_the_always_outvoted_worker_lowest()
    {
        // Workers 0-2 agree on every item, worker 3 always disagrees with them.
        var answers = Matrix([0, 0, 0, 1], [1, 1, 1, 0], [0, 0, 0, 1], [1, 1, 1, 0], [1, 1, 0, 0], [0, 0, 1, 1]);
        var result = new SubPacGlad().Aggregate(answers, 2);
        Assert.Equal([0, 1, 0, 1], result.Labels[..4]);
        var alpha = result.Reliabilities!;
        Assert.True(alpha[3] < 0 && alpha[0] > 0 && alpha[1] > 0, string.Join(", ", alpha));
        for (int i = 0; i < 6; i++) Assert.Equal(1.0, result.Posteriors[i, 0] + result.Posteriors[i, 1], 12);
    }

    [Fact]
    public void The_catalog_builds_every_victim_under_its_name_and_refuses_an_unknown_one()
    {
        foreach (var name in VictimCatalog.Names)
        {
            var victim = VictimCatalog.Create(name, seed: 3);
            Assert.Equal(name, victim.Name);
            var result = victim.Aggregate(Binary(), 2);
            Assert.Equal(8, result.Labels.Length);
        }
        Assert.Equal(["subpac-mv", "subpac-wmv", "subpac-zencrowd", "subpac-ds", "catd", "subpac-glad", "mv", "wmv", "ds", "zencrowd", "glad"], VictimCatalog.Names);
        var error = Assert.Throws<AlfcInputException>(() => VictimCatalog.Create("kos"));
        Assert.Equal("unknown victim 'kos' (known: subpac-mv, subpac-wmv, subpac-zencrowd, subpac-ds, catd, subpac-glad, mv, wmv, ds, zencrowd, glad)", error.Message);
    }

    /// <summary>
    /// The random tie-breaks follow the file, as the authors' dicts do: items draw in order of first appearance (3, 1,
    /// 0, 2, 4 here) and list tied labels in the order of their answers. The expected labels are CPython's:
    /// <c>random.seed(0)</c>, then per item in file order <c>random.choice</c> over its tied labels in answer order,
    /// which gives items 0..4 the labels 0, 1, 0, 0, 0; the same draws in sorted order (items 0..4, workers a, b)
    /// would give 1, 0, 0, 0, 0. CATD with no rounds returns exactly that majority-vote start.
    /// </summary>
    [Fact]
    public void Tie_breaks_draw_for_the_items_in_the_file_order_of_their_answers()
    {
        var dir = TestPaths.NewScratchDirectory();
        File.WriteAllText(Path.Combine(dir, "answer.csv"),
            "question,worker,answer\n3,a,1\n1,b,0\n3,b,0\n1,a,1\n0,a,0\n0,b,1\n2,b,1\n2,a,0\n4,a,1\n4,b,0\n");
        var set = Core.Data.AnswerSets.AnswerSetLoader.Load(dir);
        Assert.Equal(["0", "1", "2", "3", "4"], set.ItemIds);
        Assert.Equal([0, 1, 0, 0, 0], new Catd(seed: 0, iterations: 0).Aggregate(set.Answers, 2).Labels);

        // The order survives joining malicious workers, and the clean part of the joined table has it again.
        var joined = set.WithMalicious(Matrix([1], [X], [X], [X], [X]));
        Assert.Equal(set.Answers.ReadingOrder.Answers, joined.NormalAnswers().ReadingOrder.Answers);
        Assert.Equal([.. set.Answers.ReadingOrder.Answers, (0, 2)], joined.Answers.ReadingOrder.Answers);
    }
}
