using System.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Core.Models;

/// <summary>
/// libtorch's CPU random stream in managed code, for the classifier's dropout masks: MT19937 (Matsumoto &amp; Nishimura
/// 1998) as at::mt19937 runs it, seeded as <c>new Generator(seed)</c> seeds it (state₀ = the seed's low 32 bits,
/// stateⱼ = 1812433253 · (stateⱼ₋₁ ⊕ (stateⱼ₋₁ ≫ 30)) + j), and its float32 draws as <c>rand</c> makes them on the CPU,
/// one tempered 32-bit output y per element in order:
/// <para>u = (y ∧ (2²⁴ - 1)) · 2⁻²⁴,</para>
/// so a model's masks are the ones a libtorch generator of the same seed would give (<c>MersenneTwisterTests</c>
/// compares them with libtorch's own draws). Why: libtorch draws one element at a time through its distribution
/// object, about 4 ns per float; A-LFC's training step on a music unit of ten draws two 640 x 128 masks, and the draws
/// were about 7 % of its time. Here the twist and the tempering run over vectors.
/// </summary>
internal sealed class MersenneTwister
{
    private const int N = 624;
    private const int M = 397;
    private const uint MatrixA = 0x9908b0df;
    private const uint UpperMask = 0x80000000;
    private const uint LowerMask = 0x7fffffff;
    private const uint TemperB = 0x9d2c5680;
    private const uint TemperC = 0xefc60000;
    private const uint Low24 = 0xffffff;
    private const float TwoToMinus24 = 1f / (1 << 24);

    private readonly uint[] state = new uint[N];
    private int next = N; // the index of the next output; N: the state is twisted first

    public MersenneTwister(ulong seed)
    {
        state[0] = (uint)seed;
        for (uint j = 1; j < N; j++) state[j] = 1812433253u * (state[j - 1] ^ (state[j - 1] >> 30)) + j;
    }

    /// <summary>
    /// U[0, 1) draws on the CPU shaped as <paramref name="shape"/>, its rows split into one block per stream (replica-major
    /// rows of a fused model), each block drawn from its own stream in order.
    /// </summary>
    public static Tensor Uniform(IReadOnlyList<MersenneTwister> streams, long[] shape)
    {
        if (shape.Length == 0 || shape[0] % streams.Count != 0)
            throw new ArgumentException($"{streams.Count} streams cannot split shape [{string.Join(", ", shape)}]", nameof(shape));
        var draws = empty(shape, ScalarType.Float32, device: CPU);
        var values = TensorData.HostFloats(draws);
        int block = values.Length / streams.Count;
        for (int r = 0; r < streams.Count; r++) streams[r].FillUniform(values.Slice(r * block, block));
        return draws;
    }

    /// <summary>Fills <paramref name="values"/> with the stream's next U[0, 1) draws, in order.</summary>
    public void FillUniform(Span<float> values)
    {
        while (!values.IsEmpty)
        {
            if (next == N)
            {
                Twist();
                next = 0;
            }
            int count = Math.Min(N - next, values.Length);
            Temper(state.AsSpan(next, count), values[..count]);
            next += count;
            values = values[count..];
        }
    }

    /// <summary>u = (temper(y) ∧ (2²⁴ - 1)) · 2⁻²⁴ for each y: both the conversion of a 24-bit integer and the scaling are exact.</summary>
    private static void Temper(ReadOnlySpan<uint> ys, Span<float> values)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var (b, c, mask, scale) = (new Vector<uint>(TemperB), new Vector<uint>(TemperC), new Vector<uint>(Low24), new Vector<float>(TwoToMinus24));
            for (; i + Vector<uint>.Count <= ys.Length; i += Vector<uint>.Count)
            {
                var y = new Vector<uint>(ys[i..]);
                y ^= y >>> 11;
                y ^= (y << 7) & b;
                y ^= (y << 15) & c;
                y ^= y >>> 18;
                (Vector.ConvertToSingle(Vector.AsVectorInt32(y & mask)) * scale).CopyTo(values[i..]);
            }
        }
        for (; i < ys.Length; i++)
        {
            uint y = ys[i];
            y ^= y >>> 11;
            y ^= (y << 7) & TemperB;
            y ^= (y << 15) & TemperC;
            y ^= y >>> 18;
            values[i] = (y & Low24) * TwoToMinus24;
        }
    }

    /// <summary>
    /// The next N words: stateᵢ = stateᵢ₊ₘ ⊕ twist(stateᵢ, stateᵢ₊₁) in order of i (indices mod N), twist(u, v) = ((u ∧ 2³¹) ∨
    /// (v ∧ (2³¹ - 1))) ≫ 1, ⊕ 0x9908b0df when v is odd. A block of consecutive i reads stateᵢ₊₁.. before any of them is
    /// written and stateᵢ₊ₘ from words already final, so blocks give the scalar loop's words.
    /// </summary>
    private void Twist()
    {
        var s = state.AsSpan();
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int w = Vector<uint>.Count;
            // i + M < N: stateᵢ₊ₘ not yet rewritten; i ≥ N - M: stateᵢ₊ₘ₋ₙ rewritten already, as the scalar loop reads it.
            for (; i + w <= N - M; i += w) Block(s, i, i + M);
            for (; i < N - M; i++) s[i] = s[i + M] ^ Twisted(s[i], s[i + 1]);
            for (; i + w <= N - 1; i += w) Block(s, i, i + M - N);
        }
        for (; i < N - 1; i++) s[i] = s[i + M - (i < N - M ? 0 : N)] ^ Twisted(s[i], s[i + 1]);
        s[N - 1] = s[M - 1] ^ Twisted(s[N - 1], s[0]);
    }

    private static void Block(Span<uint> s, int i, int far)
    {
        var (upper, lower, one, a) = (new Vector<uint>(UpperMask), new Vector<uint>(LowerMask), Vector<uint>.One, new Vector<uint>(MatrixA));
        var u = new Vector<uint>(s[i..]);
        var v = new Vector<uint>(s[(i + 1)..]);
        var odd = Vector<uint>.Zero - (v & one); // all ones where v is odd
        (new Vector<uint>(s[far..]) ^ (((u & upper) | (v & lower)) >>> 1) ^ (odd & a)).CopyTo(s[i..]);
    }

    private static uint Twisted(uint u, uint v) => (((u & UpperMask) | (v & LowerMask)) >> 1) ^ ((v & 1) != 0 ? MatrixA : 0);
}
