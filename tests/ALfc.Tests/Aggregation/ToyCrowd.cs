using ALfc.Core.Data;

namespace ALfc.Tests.Aggregation;

/// <summary>Tiny hand-made answer tables shared by the aggregator tests.</summary>
internal static class ToyCrowd
{
    public static AnswerMatrix From(int[,] answers)
    {
        int n = answers.GetLength(0), m = answers.GetLength(1);
        var values = new int[n * m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) values[i * m + j] = answers[i, j];
        return new AnswerMatrix(n, m, values);
    }

    /// <summary>6 items x 4 workers, 3 classes; the reference values in the tests come from tests/reference/aggregators_reference.py.</summary>
    public static AnswerMatrix SixByFour() => From(new[,]
    {
        { 0, 0, 1, -1 },
        { 1, 1, 1, 2 },
        { 2, 2, -1, 0 },
        { 0, 1, 0, 0 },
        { 2, -1, 2, 2 },
        { 1, 0, -1, 1 },
    });
}
