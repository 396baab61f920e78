namespace ALfc.Core.Statistics;

/// <summary>
/// A-LFC against one baseline in one cell, paired by repetition seed (both were trained and attacked on the same
/// data split and, black-box, the same adversarial inputs): the differences d_r = alfc_r - baseline_r, their
/// mean, 95% CI (t_{0.975, n-1} · s_d / √n), and the paired t-test's two-sided p-value for mean d = 0, with
/// t = mean / (s_d / √n) on n - 1 degrees of freedom. With every difference equal the test is degenerate (s_d = 0):
/// p = 1 when they are all 0; otherwise t is infinite and p undefined (NaN, shown as "-"), since two seeds that
/// happen to agree are no evidence of p &lt; 0.001, which the limit p = 0 would claim.
/// </summary>
public sealed record PairedComparison(int N, double MeanDifference, double HalfWidth95, double PValue)
{
    public static PairedComparison Of(IReadOnlyList<double> differences)
    {
        var stats = differences.Aggregate(CellStatistics.Empty, (s, d) => s.Add(d));
        if (stats.N < 2) return new PairedComparison(stats.N, stats.N == 1 ? stats.Mean : double.NaN, double.NaN, double.NaN);
        double sd = stats.StandardDeviation;
        double p = sd > 0 ? StudentT.TwoSidedP(stats.Mean / (sd / Math.Sqrt(stats.N)), stats.N - 1) : stats.Mean == 0 ? 1 : double.NaN;
        return new PairedComparison(stats.N, stats.Mean, stats.HalfWidth95, p);
    }
}
