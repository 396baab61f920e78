using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Core.Models;

/// <summary>
/// Where an attack's random start is drawn from: one libtorch generator (an evaluation attack's stream runs on across the
/// chunks of a cell), or one stream per replica of a fused model, whose rows are replica-major (A-LFC's training attack).
/// A replica's rows are drawn from its own stream, in the order it would draw them alone, so a fused repetition gets the
/// draws of the unfused one; the per-replica streams are <see cref="MersenneTwister"/>s, libtorch's stream for a fresh
/// generator of the same seed, drawn without a libtorch call per replica. Draws are made on the CPU (TorchSharp 0.107 has
/// only CPU generators).
/// </summary>
public sealed class ReplicaNoise
{
    private readonly Generator? single;
    private readonly IReadOnlyList<MersenneTwister>? perReplica;

    private ReplicaNoise(Generator? single, IReadOnlyList<MersenneTwister>? perReplica) => (this.single, this.perReplica) = (single, perReplica);

    /// <summary>
    /// One stream per replica of a fused model, whose inputs are R·n replica-major rows, each seeded as
    /// <c>new Generator(seed)</c> would be (so one replica draws what a model trained alone draws from such a generator).
    /// </summary>
    public static ReplicaNoise PerReplica(IEnumerable<long> seeds) => new(null, seeds.Select(s => new MersenneTwister((ulong)s)).ToArray());

    public static implicit operator ReplicaNoise(Generator? generator) => new(generator, null);

    /// <summary>
    /// U(0, 1) shaped as <paramref name="shape"/>, on the CPU; per replica, each replica's block of rows (an R-th of the
    /// first dimension) drawn from its own stream.
    /// </summary>
    public Tensor Uniform(long[] shape) =>
        perReplica is null ? rand(shape, generator: single) : MersenneTwister.Uniform(perReplica, shape);
}
