using ALfc.Core.Models;

namespace ALfc.Tests.Models;

/// <summary>
/// A short row's max as libtorch's kernel takes it, left to right with a later value winning only if greater or NaN:
/// the vector reduction must give that loop's float, bit for bit, where order shows (a NaN, the last one; of +0 and -0,
/// the first) as where it does not.
/// </summary>
public class ShortRowsTests
{
    public static TheoryData<int> ClassCounts => new() { 1, 2, 3, 7, 8, 9, 10, 15, 16 };

    [Theory]
    [MemberData(nameof(ClassCounts))]
    public void The_row_max_is_the_left_to_right_loops_float(int classes)
    {
        var random = new Random(classes);
        float[] specials = [0f, -0f, float.NegativeInfinity, float.PositiveInfinity, float.NaN, BitConverter.Int32BitsToSingle(unchecked((int)0xFFC00001)), 1e-45f, -3.5f];
        // Enough rows that most take the vector path, and the last ones (less than 16 floats from the end) the loop.
        const int rows = 400;
        var values = new float[rows * classes];
        for (int i = 0; i < values.Length; i++)
            values[i] = random.Next(4) switch
            {
                0 => specials[random.Next(specials.Length)],
                1 => random.Next(2) == 0 ? 0f : -0f,
                _ => (float)(random.NextDouble() * 4 - 3),
            };
        // Rows of zeros of both signs in both orders, with and without negatives: the max is the first zero.
        for (int c = 0; c < classes; c++)
        {
            values[c] = c % 2 == 0 ? -0f : 0f;
            values[classes + c] = c % 2 == 0 ? 0f : -0f;
            values[2 * classes + c] = c == 0 ? -1f : c % 2 == 0 ? -0f : 0f;
        }
        for (int row = 0; row < values.Length; row += classes)
        {
            float expected = values[row];
            for (int c = 1; c < classes; c++)
                if (values[row + c] > expected || float.IsNaN(values[row + c])) expected = values[row + c];
            float actual = ShortRows.RowMax(values, row, classes);
            Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual),
                $"row {row / classes}: [{string.Join(", ", values.Skip(row).Take(classes).Select(v => $"{v:R}/{BitConverter.SingleToInt32Bits(v):X8}"))}] gave {actual:R} ({BitConverter.SingleToInt32Bits(actual):X8}), not {expected:R} ({BitConverter.SingleToInt32Bits(expected):X8})");
        }
    }

    [Fact]
    public void Subtracting_the_row_max_writes_each_rows_differences_and_maxes()
    {
        float[] logits = [1f, 5f, -2f, 0f, -0f, -7f, 3f, float.NaN, 4f];
        var output = new float[logits.Length];
        var maxes = new float[3];
        ShortRows.SubtractRowMax(logits, output, 3, maxes);
        Assert.Equal(new[] { 5f, 0f, float.NaN }, maxes);
        Assert.Equal(new[] { -4f, 0f, -7f, 0f, -0f, -7f }, output.Take(6));
        Assert.Equal(0, BitConverter.SingleToInt32Bits(output[3])); // 0 - 0 = +0
        Assert.Equal(unchecked((int)0x80000000), BitConverter.SingleToInt32Bits(output[4])); // -0 - (+0) = -0
        Assert.All(output.Skip(6), v => Assert.True(float.IsNaN(v)));
    }
}
