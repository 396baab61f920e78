using ALfc.Core.Models;

namespace ALfc.Tests.Models;

/// <summary>
/// The managed products: every entry is one fused multiply-add chain over the inner index, started from the bias, on
/// every shape (tails of the 8-row blocks and 16-column panels included), transposed or not; and close to the exact
/// product, worked out in double precision.
/// </summary>
public class FmaGemmTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 5, 3)]
    [InlineData(8, 16, 16)]
    [InlineData(9, 17, 33)]
    [InlineData(13, 3, 37)]
    [InlineData(64, 124, 128)]
    [InlineData(10, 64, 128)]
    [InlineData(64, 128, 10)]
    [InlineData(3, 0, 5)]
    [InlineData(9, 600, 500)] // B of 300,000 floats: packed even when row-major
    public void Every_entry_is_one_fma_chain_from_the_bias_in_inner_order(int n, int k, int m)
    {
        var random = new Random(n * 1000 + k * 10 + m);
        foreach (bool transposeA in new[] { false, true })
            foreach (bool transposeB in new[] { false, true })
            {
                var a = Draw(random, n * k);
                var b = Draw(random, k * m);
                var bias = Draw(random, m);
                var c = new float[n * m];
                FmaGemm.Multiply(a, transposeA, b, transposeB, n, k, m, c, bias);
                var zeroStart = new float[n * m];
                FmaGemm.Multiply(a, transposeA, b, transposeB, n, k, m, zeroStart);
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < m; j++)
                    {
                        float chain = bias[j], plain = 0;
                        for (int p = 0; p < k; p++)
                        {
                            float x = transposeA ? a[p * n + i] : a[i * k + p], y = transposeB ? b[j * k + p] : b[p * m + j];
                            chain = MathF.FusedMultiplyAdd(x, y, chain);
                            plain = MathF.FusedMultiplyAdd(x, y, plain);
                        }
                        Assert.True(BitConverter.SingleToInt32Bits(chain) == BitConverter.SingleToInt32Bits(c[i * m + j]),
                            $"C[{i},{j}] ({(transposeA ? "Aᵀ" : "A")}, {(transposeB ? "Bᵀ" : "B")}): {c[i * m + j]:R} against the chain's {chain:R}");
                        Assert.Equal(BitConverter.SingleToInt32Bits(plain), BitConverter.SingleToInt32Bits(zeroStart[i * m + j]));
                    }
            }
    }

    [Theory]
    [InlineData(64, 124, 128)]
    [InlineData(64, 10, 128)]
    [InlineData(13, 7, 37)]
    [InlineData(5, 3, 10)]
    public void The_relu_and_mask_epilogues_give_each_entry_of_the_plain_product_as_a_separate_pass_would(int n, int k, int m)
    {
        // Worked out entry by entry from the plain product: relu keeps -0 and NaN and zeroes negatives; the mask multiplies
        // by 1 where h > 0 and by 0 elsewhere (h = ±0 or NaN included), keeping a zero's sign.
        var random = new Random(n + 100 * k + m);
        var a = Draw(random, n * k);
        var b = FmaGemm.Pack(Draw(random, k * m), false, k, m);
        var bias = Draw(random, m);
        var mask = Draw(random, n * m);
        float[] specials = [0f, -0f, float.NaN, float.PositiveInfinity, -1e-30f];
        for (int i = 0; i < mask.Length; i += 7) mask[i] = specials[i % specials.Length];
        a[0] = float.NaN; // a NaN row of C
        if (k > 1) a[k + 1] = float.PositiveInfinity; // an infinite entry times a zero mask: NaN
        var plain = new float[n * m];
        FmaGemm.Multiply(a, false, b, n, plain, bias);
        var (relu, masked) = (new float[n * m], new float[n * m]);
        FmaGemm.Multiply(a, false, b, n, relu, bias, relu: true);
        FmaGemm.Multiply(a, false, b, n, masked, bias, keepWherePositive: mask);
        for (int i = 0; i < plain.Length; i++)
        {
            float expectedRelu = plain[i] < 0 ? 0f : plain[i], expectedMasked = plain[i] * (mask[i] > 0 ? 1f : 0f);
            Assert.True(BitConverter.SingleToInt32Bits(expectedRelu) == BitConverter.SingleToInt32Bits(relu[i]), $"relu at {i}: {relu[i]:R} against {expectedRelu:R}");
            Assert.True(BitConverter.SingleToInt32Bits(expectedMasked) == BitConverter.SingleToInt32Bits(masked[i]), $"mask at {i}: {masked[i]:R} against {expectedMasked:R}");
        }
        Assert.Contains(relu, v => v == 0 && float.IsNegative(v) || float.IsNaN(v));
        Assert.Throws<ArgumentException>(() => FmaGemm.Multiply(a, false, b, n, masked, bias, keepWherePositive: new float[n * m - 1]));
    }

    [Fact]
    public void A_small_product_gives_the_values_worked_out_by_hand()
    {
        // [1 2 3; 4 5 6] [1 0; 0 1; 1 1] + [10 20] = [14 25; 20 31]
        float[] a = [1, 2, 3, 4, 5, 6], b = [1, 0, 0, 1, 1, 1], bias = [10, 20];
        var c = new float[4];
        FmaGemm.Multiply(a, false, b, false, 2, 3, 2, c, bias);
        Assert.Equal([14f, 25f, 20f, 31f], c);
        // The same with both operands handed over transposed: Aᵀ is [1 4; 2 5; 3 6], Bᵀ is [1 0 1; 0 1 1].
        FmaGemm.Multiply([1, 4, 2, 5, 3, 6], true, [1, 0, 1, 0, 1, 1], true, 2, 3, 2, c, bias);
        Assert.Equal([14f, 25f, 20f, 31f], c);
    }

    [Fact]
    public void Large_products_stay_within_float_rounding_of_the_exact_product()
    {
        const int n = 70, k = 1200, m = 130;
        var random = new Random(5);
        var a = Draw(random, n * k);
        var b = Draw(random, k * m);
        var c = new float[n * m];
        FmaGemm.Multiply(a, false, b, false, n, k, m, c);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
            {
                double exact = 0, magnitude = 0;
                for (int p = 0; p < k; p++)
                {
                    exact += (double)a[i * k + p] * b[p * m + j];
                    magnitude += Math.Abs((double)a[i * k + p] * b[p * m + j]);
                }
                // A sequential float sum is within k·2⁻²⁴ of the sum of magnitudes.
                Assert.True(Math.Abs(c[i * m + j] - exact) <= k * Math.Pow(2, -24) * magnitude, $"C[{i},{j}] = {c[i * m + j]} against {exact}");
            }
    }

    [Fact]
    public void Operands_too_small_for_the_sizes_are_refused()
    {
        Assert.Throws<ArgumentException>(() => FmaGemm.Multiply(new float[5], false, new float[6], false, 2, 3, 2, new float[4]));
        Assert.Throws<ArgumentException>(() => FmaGemm.Multiply(new float[6], false, new float[5], false, 2, 3, 2, new float[4]));
        Assert.Throws<ArgumentException>(() => FmaGemm.Multiply(new float[6], false, new float[6], false, 2, 3, 2, new float[3]));
        Assert.Throws<ArgumentException>(() => FmaGemm.Multiply(new float[6], false, new float[6], false, 2, 3, 2, new float[4], new float[1]));
    }

    private static float[] Draw(Random random, int count) => Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
}
