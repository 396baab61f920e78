using ALfc.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Tests.Models;

/// <summary>The managed dropout stream against libtorch's own generator: the same floats, in the same order, for the same seed.</summary>
public class MersenneTwisterTests
{
    public static TheoryData<ulong> Seeds => new() { 0, 1, 5489, 42, 0x1_0000_0005, ulong.MaxValue };

    /// <summary>Chunk sizes that end inside, on and across the 624-word state, as successive masks of a model do.</summary>
    private static readonly int[] Chunks = [1, 623, 1, 625, 624, 5000, 7, 8192];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Draws_are_libtorchs_rand_of_a_generator_with_the_same_seed(ulong seed)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(seed);
        var stream = new MersenneTwister(seed);
        foreach (int chunk in Chunks)
        {
            var expected = rand([chunk], generator: generator);
            var actual = new float[chunk];
            stream.FillUniform(actual);
            Assert.Equal(0, TensorData.DifferingFloats(expected, tensor(actual)));
        }
    }

    [Fact]
    public void Draws_lie_in_the_unit_interval_on_a_grid_of_two_to_the_minus_24()
    {
        var values = new float[100_000];
        new MersenneTwister(7).FillUniform(values);
        Assert.All(values, v => Assert.True(v >= 0 && v < 1 && v * (1 << 24) == MathF.Floor(v * (1 << 24)), $"{v}"));
        // Half below 0.5, within a few standard deviations (158 for 100,000 fair draws).
        Assert.InRange(values.Count(v => v < 0.5f), 49_500, 50_500);
    }

    [Fact]
    public void Each_streams_block_of_rows_is_that_streams_own_draws_in_order()
    {
        using var scope = NewDisposeScope();
        var seeds = new ulong[] { 11, 12, 13 };
        var draws = MersenneTwister.Uniform(seeds.Select(s => new MersenneTwister(s)).ToArray(), [6, 5]);
        Assert.Equal([6L, 5L], draws.shape);
        for (int r = 0; r < seeds.Length; r++)
        {
            using var generator = new Generator(seeds[r]);
            Assert.Equal(0, TensorData.DifferingFloats(rand([2, 5], generator: generator), draws.narrow(0, 2 * r, 2)));
        }
    }

    [Fact]
    public void Rows_that_do_not_split_over_the_streams_are_refused()
    {
        var streams = new[] { new MersenneTwister(1), new MersenneTwister(2) };
        Assert.Throws<ArgumentException>(() => MersenneTwister.Uniform(streams, [3, 4]));
        Assert.Throws<ArgumentException>(() => MersenneTwister.Uniform(streams, []));
    }
}
