using ALfc.Core.Aggregation;
using ALfc.Core.Data;
using ALfc.Core.Poisoning.Unified;

namespace ALfc.Tests.Poisoning;

/// <summary>Each unified form (notes §3) reproduces the labels of ALfc's own aggregator on the same answers, ties included.</summary>
public class UnifiedAggregationModelTests
{
    /// <summary>A random table with ~65 % of the cells answered; small K and few workers make exact vote ties common.</summary>
    internal static AnswerMatrix RandomTable(int items, int workers, int classes, int seed)
    {
        var random = new Random(seed);
        var truth = Enumerable.Range(0, items).Select(_ => random.Next(classes)).ToArray();
        var values = new int[items * workers];
        for (int i = 0; i < items; i++)
            for (int j = 0; j < workers; j++)
                values[i * workers + j] = random.NextDouble() > 0.65 ? AnswerMatrix.Missing
                    : random.NextDouble() < 0.6 + 0.04 * j ? truth[i] : random.Next(classes);
        return new AnswerMatrix(items, workers, values);
    }

    public static TheoryData<int, int> Tables() => new() { { 2, 1 }, { 2, 2 }, { 4, 3 }, { 4, 4 } };

    [Theory]
    [MemberData(nameof(Tables))]
    public void Majority_vote_is_the_identity_form(int classes, int seed)
    {
        var answers = RandomTable(40, 6, classes, seed);
        Assert.Equal(new MajorityVote().Aggregate(answers, classes).Labels, UnifiedAggregationModel.ForMajorityVote(6, classes).Labels(answers));
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public void Weighted_majority_vote_is_the_scaled_identity_form(int classes, int seed)
    {
        var answers = RandomTable(40, 6, classes, seed);
        var fitted = new WeightedMajorityVote().Aggregate(answers, classes);
        Assert.Equal(fitted.Labels, UnifiedAggregationModel.ForWeightedMajorityVote(fitted.Reliabilities!, classes).Labels(answers));
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public void Dawid_skene_is_the_log_confusion_form_after_one_iteration_exactly(int classes, int seed)
    {
        var answers = RandomTable(40, 6, classes, seed);
        var fitted = new DawidSkene(maxIterations: 1).Aggregate(answers, classes);
        // One iteration: the prior the E-step used is the mean of the majority-vote fractions it started from.
        var start = AggregationMath.NormalizeRows(AggregationMath.Votes(answers, classes));
        var prior = Enumerable.Range(0, classes).Select(c => Enumerable.Range(0, answers.Items).Average(i => start[i, c])).ToArray();
        Assert.Equal(fitted.Labels, UnifiedAggregationModel.ForDawidSkene(fitted.Confusions!, prior).Labels(answers));
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public void Dawid_skene_is_the_log_confusion_form_at_convergence(int classes, int seed)
    {
        var answers = RandomTable(40, 6, classes, seed);
        var fitted = new DawidSkene(maxIterations: 2000, tolerance: 1e-15).Aggregate(answers, classes);
        Assert.Equal(fitted.Labels, UnifiedAggregationModel.ForDawidSkene(fitted).Labels(answers));
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public void Zencrowd_is_the_one_coin_form(int classes, int seed)
    {
        var answers = RandomTable(40, 6, classes, seed);
        var fitted = new ZenCrowd().Aggregate(answers, classes);
        Assert.Equal(fitted.Labels, UnifiedAggregationModel.ForZenCrowd(fitted.Reliabilities!, classes).Labels(answers));
    }

    [Fact]
    public void Class_weights_add_the_offset_and_one_matrix_column_per_answer()
    {
        var w0 = new double[,] { { 1, 2 }, { 3, 4 } };
        var w1 = new double[,] { { 10, 20 }, { 30, 40 } };
        var model = new UnifiedAggregationModel([w0, w1], [0.5, -0.5]);
        var answers = new AnswerMatrix(2, 2, [1, 0, AnswerMatrix.Missing, 1]);
        var weights = model.ClassWeights(answers);
        // Item 0: worker 0 said 1 (column 1 of w0), worker 1 said 0 (column 0 of w1).
        Assert.Equal(new[] { 0.5 + 2 + 10, -0.5 + 4 + 30 }, new[] { weights[0, 0], weights[0, 1] });
        Assert.Equal(new[] { 0.5 + 20, -0.5 + 40 }, new[] { weights[1, 0], weights[1, 1] });
    }
}
