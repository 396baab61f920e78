namespace ALfc.Core.Statistics;

/// <summary>
/// Running mean and spread of one cell over repetitions (Welford's algorithm): n, mean, sample standard
/// deviation s, and the 95% confidence half-width t_{0.975, n-1} · s / √n (Student's t; none for n &lt; 2).
/// Immutable: <see cref="Add"/> returns the next value.
/// </summary>
public readonly record struct CellStatistics(int N, double Mean, double M2)
{
    public static CellStatistics Empty => default;

    public CellStatistics Add(double x)
    {
        int n = N + 1;
        double delta = x - Mean, mean = Mean + delta / n;
        return new CellStatistics(n, mean, M2 + delta * (x - mean));
    }

    public double StandardDeviation => N > 1 ? Math.Sqrt(M2 / (N - 1)) : double.NaN;

    public double HalfWidth95 => N > 1 ? StudentT.Quantile975(N - 1) * StandardDeviation / Math.Sqrt(N) : double.NaN;
}
