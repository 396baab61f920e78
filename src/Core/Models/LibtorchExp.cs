using System.Runtime.Intrinsics;

namespace ALfc.Core.Models;

/// <summary>
/// e^d as libtorch's vectorised float exp computes it inside its softmax kernels (SLEEF's <c>expf_u10</c>, the FMA build):
/// <para>q = rint(d / ln 2), s = d - q·L2U - q·L2L (two FMAs, ln 2 = L2U + L2L split so q·L2U is exact),
/// u = 1 + s + s²·(½ + s/6 + s²/24 + ...) (a degree-5 polynomial by Horner's rule in FMAs), e^d = u · 2^⌊q/2⌋ · 2^(q-⌊q/2⌋);
/// 0 below d = -104 and +∞ above d = 100.</para>
/// Every step is an FMA, a product, a sum or an exponent-field construction, each rounded once as IEEE single
/// precision requires, so this gives SLEEF's floats exactly; whether it gives libtorch's is measured, not assumed
/// (<see cref="SmallSoftmax"/> probes it against libtorch before using it). The vector loop is the same sequence of
/// operations lane by lane (its rounding to the nearest integer is libtorch's: ties to even).
/// </summary>
internal static class LibtorchExp
{
    private const float InverseLn2 = 1.442695040888963407359924681001892137426645954152985934135449406931f;
    private const float Ln2Upper = 0.693145751953125f;
    private const float Ln2Lower = 1.428606765330187045e-06f;
    private const float C5 = 0.000198527617612853646278381f;
    private const float C4 = 0.00139304355252534151077271f;
    private const float C3 = 0.00833336077630519866943359f;
    private const float C2 = 0.0416664853692054748535156f;
    private const float C1 = 0.166666671633720397949219f;
    private const float C0 = 0.5f;
    private const float UnderflowBelow = -104f;
    private const float OverflowAbove = 100f;
    private const int ExponentBias = 0x7f;
    private const int MantissaBits = 23;

    /// <summary>e^d, one value.</summary>
    public static float Exp(float d)
    {
        // (int) of an integral float is exact; NaN and out-of-range values give a NaN or are masked below either way.
        int q = (int)MathF.Round(d * InverseLn2, MidpointRounding.ToEven);
        float s = MathF.FusedMultiplyAdd(q, -Ln2Upper, d);
        s = MathF.FusedMultiplyAdd(q, -Ln2Lower, s);
        float u = MathF.FusedMultiplyAdd(C5, s, C4);
        u = MathF.FusedMultiplyAdd(u, s, C3);
        u = MathF.FusedMultiplyAdd(u, s, C2);
        u = MathF.FusedMultiplyAdd(u, s, C1);
        u = MathF.FusedMultiplyAdd(u, s, C0);
        u = 1f + MathF.FusedMultiplyAdd(s * s, u, s);
        int half = q >> 1;
        u = u * PowerOfTwo(half) * PowerOfTwo(q - half);
        if (d < UnderflowBelow) return 0f;
        return OverflowAbove < d ? float.PositiveInfinity : u;
    }

    /// <summary>Replaces every value of <paramref name="values"/> by its <see cref="Exp"/>.</summary>
    public static void ExpInPlace(Span<float> values)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            int width = Vector256<float>.Count;
            var inverseLn2 = Vector256.Create(InverseLn2);
            var (ln2Upper, ln2Lower) = (Vector256.Create(-Ln2Upper), Vector256.Create(-Ln2Lower));
            var (c5, c4, c3, c2, c1, c0) = (Vector256.Create(C5), Vector256.Create(C4), Vector256.Create(C3), Vector256.Create(C2),
                Vector256.Create(C1), Vector256.Create(C0));
            var (one, low, high) = (Vector256.Create(1f), Vector256.Create(UnderflowBelow), Vector256.Create(OverflowAbove));
            var (infinity, bias) = (Vector256.Create(float.PositiveInfinity), Vector256.Create(ExponentBias));
            for (; i <= values.Length - width; i += width)
            {
                var d = Vector256.Create((ReadOnlySpan<float>)values.Slice(i, width));
                var q = Vector256.ConvertToInt32(Vector256.Round(d * inverseLn2));
                var qf = Vector256.ConvertToSingle(q);
                var s = Vector256.FusedMultiplyAdd(qf, ln2Upper, d);
                s = Vector256.FusedMultiplyAdd(qf, ln2Lower, s);
                var u = Vector256.FusedMultiplyAdd(c5, s, c4);
                u = Vector256.FusedMultiplyAdd(u, s, c3);
                u = Vector256.FusedMultiplyAdd(u, s, c2);
                u = Vector256.FusedMultiplyAdd(u, s, c1);
                u = Vector256.FusedMultiplyAdd(u, s, c0);
                u = one + Vector256.FusedMultiplyAdd(s * s, u, s);
                var half = Vector256.ShiftRightArithmetic(q, 1);
                u = u * Vector256.ShiftLeft(half + bias, MantissaBits).AsSingle() * Vector256.ShiftLeft(q - half + bias, MantissaBits).AsSingle();
                u = Vector256.ConditionalSelect(Vector256.LessThan(d, low), Vector256<float>.Zero, u);
                Vector256.ConditionalSelect(Vector256.LessThan(high, d), infinity, u).CopyTo(values.Slice(i));
            }
        }
        for (; i < values.Length; i++) values[i] = Exp(values[i]);
    }

    private static float PowerOfTwo(int exponent) => BitConverter.Int32BitsToSingle((exponent + ExponentBias) << MantissaBits);
}
