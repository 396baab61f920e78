namespace ALfc.Coordinator.Sweeps;

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

    public double HalfWidth95 => N > 1 ? StudentT975(N - 1) * StandardDeviation / Math.Sqrt(N) : double.NaN;

    /// <summary>The 0.975 quantile of Student's t with <paramref name="df"/> degrees of freedom.</summary>
    public static double StudentT975(int df)
    {
        // Exact table to df = 30; beyond it the Cornish-Fisher expansion around z = 1.959964 is within 1e-4.
        double[] table = [double.NaN, 12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
            2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
            2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423];
        if (df < 1) return double.NaN;
        if (df < table.Length) return table[df];
        const double z = 1.959963984540054;
        double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
        return z + (z3 + z) / (4.0 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96.0 * df * df)
               + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384.0 * df * df * df);
    }
}
