using ALfc.Core.Aggregation;
using ALfc.Tests.Data;

namespace ALfc.Tests.Aggregation;

public class ZenCrowdTests
{
    [Fact]
    public void Matches_an_independent_implementation_on_a_hand_made_table()
    {
        var result = new ZenCrowd(maxIterations: 100, tolerance: 1e-7).Aggregate(ToyCrowd.SixByFour(), 3);
        // From tests/ALfc.Tests/reference/aggregators_reference.py (19 iterations).
        double[,] expected =
        {
            { 0.9999988333, 0.0000010000, 0.0000001667 },
            { 0.0000000278, 0.9999998889, 0.0000000833 },
            { 0.0000005000, 0.0000001667, 0.9999993333 },
            { 0.9999998889, 0.0000000833, 0.0000000278 },
            { 0.0000000278, 0.0000000278, 0.9999999444 },
            { 0.0000005000, 0.9999993333, 0.0000001667 },
        };
        Assert.Equal(19, result.Iterations);
        Numbers.AssertClose(expected, result.Posteriors, 1e-9);
        Numbers.AssertClose(new[] { 0.9999990000, 0.5999996818, 0.7500002111, 0.5999999415 }, result.Reliabilities!, 1e-9);
    }
}
