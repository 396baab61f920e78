namespace ALfc.Core.Poisoning.Victims;

/// <summary>
/// CPython's <c>random</c> generator, reimplemented so a victim's random tie-breaks fall exactly as in the authors'
/// Python run after <c>random.seed(seed)</c>: MT19937 (Matsumoto &amp; Nishimura 1998, doi:10.1145/272991.272995)
/// seeded by <c>init_by_array</c> with the 32-bit words of |seed| (the key [0] for seed 0), <c>getrandbits(k)</c> =
/// the top k bits of one 32-bit output (k ≤ 32), and <c>choice</c> by rejection sampling of getrandbits(bit_length(n)),
/// which draws even when n = 1.
/// </summary>
public sealed class PythonRandom
{
    private const int N = 624, M = 397;
    private readonly uint[] _mt = new uint[N];
    private int _index = N + 1;

    public PythonRandom(long seed)
    {
        // |seed| as Python takes it; Math.Abs would overflow on long.MinValue, whose magnitude 2^63 fits a ulong.
        ulong magnitude = seed < 0 ? 0UL - (ulong)seed : (ulong)seed;
        var key = magnitude >> 32 == 0 ? new[] { (uint)magnitude } : new[] { (uint)magnitude, (uint)(magnitude >> 32) };
        InitByArray(key);
    }

    /// <summary>The next 32-bit output (CPython's <c>genrand_uint32</c>).</summary>
    public uint NextUInt32()
    {
        if (_index >= N) Twist();
        uint y = _mt[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary><c>random.getrandbits(k)</c> for 1 ≤ k ≤ 32.</summary>
    public uint GetRandBits(int k)
    {
        if (k is < 1 or > 32) throw new ArgumentOutOfRangeException(nameof(k), $"k must be in 1..32, got {k}");
        return NextUInt32() >> (32 - k);
    }

    /// <summary><c>random._randbelow(n)</c>: uniform in [0, n), by rejection on getrandbits(n.bit_length()).</summary>
    public int RandBelow(int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), $"n must be positive, got {n}");
        int k = 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)n);
        uint r = GetRandBits(k);
        while (r >= (uint)n) r = GetRandBits(k);
        return (int)r;
    }

    private void InitGenrand(uint s)
    {
        _mt[0] = s;
        for (int i = 1; i < N; i++) _mt[i] = 1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30)) + (uint)i;
        _index = N;
    }

    private void InitByArray(uint[] key)
    {
        InitGenrand(19650218u);
        int i = 1, j = 0;
        for (int k = Math.Max(N, key.Length); k > 0; k--)
        {
            _mt[i] = (_mt[i] ^ ((_mt[i - 1] ^ (_mt[i - 1] >> 30)) * 1664525u)) + key[j] + (uint)j;
            i++; j++;
            if (i >= N) { _mt[0] = _mt[N - 1]; i = 1; }
            if (j >= key.Length) j = 0;
        }
        for (int k = N - 1; k > 0; k--)
        {
            _mt[i] = (_mt[i] ^ ((_mt[i - 1] ^ (_mt[i - 1] >> 30)) * 1566083941u)) - (uint)i;
            i++;
            if (i >= N) { _mt[0] = _mt[N - 1]; i = 1; }
        }
        _mt[0] = 0x80000000u;
    }

    private void Twist()
    {
        for (int k = 0; k < N; k++)
        {
            uint y = (_mt[k] & 0x80000000u) | (_mt[(k + 1) % N] & 0x7fffffffu);
            _mt[k] = _mt[(k + M) % N] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908b0dfu : 0u);
        }
        _index = 0;
    }
}
