namespace ALfc.Core.Aggregation;

/// <summary>Five-number summary (min, quartiles, max), quantiles by linear interpolation as NumPy's default.</summary>
public sealed record Quantiles(double Min, double Q25, double Median, double Q75, double Max)
{
    public static Quantiles Of(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0) return new Quantiles(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        double At(double q)
        {
            double position = q * (sorted.Length - 1);
            int lo = (int)Math.Floor(position), hi = Math.Min(lo + 1, sorted.Length - 1);
            return sorted[lo] + (position - lo) * (sorted[hi] - sorted[lo]);
        }
        return new Quantiles(sorted[0], At(0.25), At(0.5), At(0.75), sorted[^1]);
    }
}
