using ALfc.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Core.Attacks;

/// <summary>
/// Where an attack's random start comes from: one generator (its stream runs on across the chunks of a cell), or one
/// generator per replica of a fused model. A replica's rows are drawn from its own generator, in the order it would draw
/// them alone, so a fused repetition starts its attack where the unfused one does. Draws are made on the CPU
/// (TorchSharp 0.107 has only CPU generators).
/// </summary>
public sealed class StartNoise
{
    private readonly Generator? single;
    private readonly IReadOnlyList<Generator>? lanes;

    private StartNoise(Generator? single, IReadOnlyList<Generator>? lanes) => (this.single, this.lanes) = (single, lanes);

    /// <summary>One generator per replica: the input's first dimension must be the replica count.</summary>
    public static StartNoise PerReplica(IReadOnlyList<Generator> generators) => new(null, generators);

    public static implicit operator StartNoise(Generator? generator) => new(generator, null);

    /// <summary>U(0, 1) shaped as <paramref name="shape"/>, on the CPU.</summary>
    public Tensor Uniform(long[] shape)
    {
        if (lanes is null) return rand(shape, generator: single);
        if (shape.Length == 0 || shape[0] != lanes.Count)
            throw new ArgumentException($"per-replica noise for {lanes.Count} replicas asked for shape [{string.Join(", ", shape)}]", nameof(shape));
        using var scope = NewDisposeScope();
        var rest = shape[1..];
        return stack(lanes.Select(g => rand(rest, generator: g)).ToArray(), 0).MoveToOuterDisposeScope();
    }
}
