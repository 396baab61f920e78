using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Core.Models;

/// <summary>
/// Where an attack's random start is drawn from (dropout masks come from <see cref="MersenneTwister"/>): one generator (an attack's stream runs on
/// across the chunks of a cell), or one generator per replica of a fused model, whose rows are replica-major. A replica's
/// rows are drawn from its own generator, in the order it would draw them alone, so a fused repetition gets the draws of
/// the unfused one. Draws are made on the CPU
/// (TorchSharp 0.107 has only CPU generators).
/// </summary>
public sealed class ReplicaNoise
{
    private readonly Generator? single;
    private readonly IReadOnlyList<Generator>? perReplica;

    private ReplicaNoise(Generator? single, IReadOnlyList<Generator>? perReplica) => (this.single, this.perReplica) = (single, perReplica);

    /// <summary>One generator per replica of a fused model, whose inputs are R·n replica-major rows.</summary>
    public ReplicaNoise(IReadOnlyList<Generator> perReplica) : this(perReplica.Count == 1 ? perReplica[0] : null, perReplica.Count == 1 ? null : perReplica)
    {
    }

    public static implicit operator ReplicaNoise(Generator? generator) => new(generator, null);

    /// <summary>
    /// U(0, 1) shaped as <paramref name="shape"/>, on the CPU; per replica, each replica's block of rows (an R-th of the
    /// first dimension) drawn from its own generator.
    /// </summary>
    public Tensor Uniform(long[] shape)
    {
        if (perReplica is null) return rand(shape, generator: single);
        if (shape.Length == 0 || shape[0] % perReplica.Count != 0)
            throw new ArgumentException($"per-replica noise for {perReplica.Count} replicas asked for shape [{string.Join(", ", shape)}]", nameof(shape));
        using var scope = NewDisposeScope();
        var block = (long[])shape.Clone();
        block[0] /= perReplica.Count;
        return cat(perReplica.Select(g => rand(block, generator: g)).ToArray(), 0).MoveToOuterDisposeScope();
    }
}
