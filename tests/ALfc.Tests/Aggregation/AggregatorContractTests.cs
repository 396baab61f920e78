using ALfc.Core.Aggregation;
using ALfc.Core.Data.Loaders;

namespace ALfc.Tests.Aggregation;

/// <summary>Properties every registered aggregator must have.</summary>
public class AggregatorContractTests
{
    public static TheoryData<string> Names() => new(AggregatorCatalog.Names);

    [Theory]
    [MemberData(nameof(Names))]
    public void Posteriors_are_distributions_and_labels_are_their_argmax(string name)
    {
        var data = SyntheticCrowdGenerator.Generate(new() { TrainItems = 200 });
        var result = AggregatorCatalog.Create(name).Aggregate(data.Answers, data.Classes);
        Assert.Equal(data.TrainGold.Length, result.Labels.Length);
        for (int i = 0; i < result.Labels.Length; i++)
        {
            double sum = 0;
            for (int k = 0; k < data.Classes; k++)
            {
                Assert.InRange(result.Posteriors[i, k], 0, 1);
                sum += result.Posteriors[i, k];
            }
            Assert.Equal(1.0, sum, 9);
            Assert.Equal(AggregationMath.Argmax(result.Posteriors, i), result.Labels[i]);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Unanimous_answers_are_returned_as_they_are(string name)
    {
        var answers = ToyCrowd.From(new[,] { { 2, 2, -1 }, { 0, -1, 0 }, { 1, 1, 1 }, { -1, 0, 0 }, { 2, -1, 2 } });
        var result = AggregatorCatalog.Create(name).Aggregate(answers, 3);
        Assert.Equal(new[] { 2, 0, 1, 0, 2 }, result.Labels);
    }

    [Fact]
    public void An_unknown_aggregator_name_is_a_one_line_error()
    {
        var e = Assert.Throws<Core.AlfcInputException>(() => AggregatorCatalog.Create("bogus"));
        Assert.Contains("bogus", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
