namespace ALfc.Core.Models;

/// <summary>
/// ln d as libtorch's vectorised float log computes it inside its log-softmax kernel (SLEEF's <c>logf_u10</c>, the AVX-512
/// FMA build), for the values that kernel takes it of: a row's sum of exponentials, finite and at least 1.
/// <para>With d = m · 2^e, m ∈ [0.75, 1.5) (e from the exponent of d / 0.75, as <c>getexp</c> gives it, m as
/// <c>getmant</c>), and x = (m - 1) / (m + 1) in double-float arithmetic:
/// ln d = e·ln 2 + 2x + x³·(c₀ + c₁x² + c₂x⁴), summed in double-float pairs (each step an FMA, a product or a sum,
/// rounded once) and rounded to float at the end.</para>
/// Whether this gives libtorch's floats is measured, not assumed (<see cref="SmallLogSoftmax"/> probes it); values
/// outside its domain (NaN, +∞) are handed to <see cref="MathF.Log(float)"/>, where the caller's result is NaN or ∞
/// whatever the log gives.
/// </summary>
internal static class LibtorchLog
{
    private const float Ln2Upper = 0.69314718246459960938f;
    private const float Ln2Lower = -1.904654323148236017e-09f;
    private const float C2 = 0.3027294874f;
    private const float C1 = 0.3996108174f;
    private const float C0 = 0.6666694880f;

    public static float Log(float d)
    {
        if (!(d >= 1f) || float.IsPositiveInfinity(d)) return MathF.Log(d);
        // getexp(d / 0.75): the unbiased exponent of the rounded product (normal, since d >= 1).
        float e = ((BitConverter.SingleToInt32Bits(d * (1.0f / 0.75f)) >> 23) & 0xff) - 127;
        // getmant(d) on [0.75, 1.5): the significand with exponent 0, or -1 when its first fraction bit is set.
        int fraction = BitConverter.SingleToInt32Bits(d) & 0x7fffff;
        float m = BitConverter.Int32BitsToSingle(fraction | ((fraction & 0x400000) != 0 ? 126 : 127) << 23);

        // s = (Ln2Upper, Ln2Lower) · e
        float sHigh = Ln2Upper * e;
        float sLow = MathF.FusedMultiplyAdd(Ln2Lower, e, MathF.FusedMultiplyAdd(Ln2Upper, e, -sHigh));
        // x = (m - 1) / (m + 1), numerator and denominator as exact sums, the quotient as a pair
        var (nHigh, nLow) = ExactSum(-1f, m);
        var (dHigh, dLow) = ExactSum(1f, m);
        float reciprocal = 1f / dHigh;
        float xHigh = nHigh * reciprocal;
        float u = MathF.FusedMultiplyAdd(reciprocal, nHigh, -xHigh);
        float v = MathF.FusedMultiplyAdd(-dLow, reciprocal, MathF.FusedMultiplyAdd(-dHigh, reciprocal, 1f));
        float xLow = MathF.FusedMultiplyAdd(xHigh, v, MathF.FusedMultiplyAdd(nLow, reciprocal, u));

        float x2 = xHigh * xHigh;
        float t = MathF.FusedMultiplyAdd(MathF.FusedMultiplyAdd(C2, x2, C1), x2, C0);
        // s += 2x, then s += x³ t
        float twiceHigh = xHigh * 2, twiceLow = xLow * 2;
        float s1 = sHigh + twiceHigh;
        float s1Low = (((sHigh - s1) + twiceHigh) + sLow) + twiceLow;
        float w = (x2 * xHigh) * t;
        float s2 = s1 + w;
        float s2Low = ((s1 - s2) + w) + s1Low;
        return s2 + s2Low;
    }

    /// <summary>x + y as a float and its rounding error.</summary>
    private static (float High, float Low) ExactSum(float x, float y)
    {
        float s = x + y;
        float v = s - x;
        return (s, (x - (s - v)) + (y - v));
    }
}
