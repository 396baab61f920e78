using ALfc.Core.Poisoning.Victims;

namespace ALfc.Tests.Poisoning;

public class ChiSquareTests
{
    /// <summary>For even ν the CDF is closed-form, 1 - e^{-x/2} Σ_{k&lt;ν/2} (x/2)^k / k!; inverted here by bisection, independently of the incomplete gamma code.</summary>
    private static double EvenQuantile(double p, int nu)
    {
        double Cdf(double x)
        {
            double term = 1, sum = 1;
            for (int k = 1; k < nu / 2; k++) { term *= x / 2 / k; sum += term; }
            return 1 - Math.Exp(-x / 2) * sum;
        }
        double lo = 0, hi = 1000;
        for (int i = 0; i < 200; i++) { double mid = (lo + hi) / 2; if (Cdf(mid) < p) lo = mid; else hi = mid; }
        return (lo + hi) / 2;
    }

    [Theory]
    [InlineData(0.025, 2)]
    [InlineData(0.025, 4)]
    [InlineData(0.5, 10)]
    [InlineData(0.025, 30)]
    [InlineData(0.975, 30)]
    [InlineData(0.025, 100)]
    public void The_quantile_matches_the_closed_form_for_even_degrees_of_freedom(double p, int nu)
    {
        double expected = EvenQuantile(p, nu);
        Assert.True(Math.Abs(ChiSquare.Quantile(p, nu) - expected) <= 1e-10 * expected, $"{ChiSquare.Quantile(p, nu):R} vs {expected:R}");
    }

    [Fact]
    public void The_quantile_for_two_degrees_of_freedom_is_minus_two_log_one_minus_p()
    {
        Assert.Equal(-2 * Math.Log(1 - 0.025), ChiSquare.Quantile(0.025, 2), 12);
        Assert.Equal(2 * Math.Log(2), ChiSquare.Quantile(0.5, 2), 12);
    }

    [Fact]
    public void The_quantile_for_one_degree_of_freedom_matches_erf()
    {
        // python3: bisect math.erf(sqrt(x/2)) = 0.025 → 0.000982069117175256
        Assert.Equal(0.000982069117175256, ChiSquare.Quantile(0.025, 1), 14);
    }

    [Fact]
    public void The_authors_table_is_the_exact_lower_quantile_rounded_except_two_misprints()
    {
        double[] table = [0.001, 0.02, 0.22, 0.48, 0.83, 1.24, 1.69, 2.18, 2.7, 3.25, 3.82, 4.4, 5.01, 5.63, 6.27,
            6.91, 7.56, 8.23, 8.91, 9.59, 10.28, 10.98, 11.69, 12.4, 13.12, 13.84, 14.57, 15.31, 16.05, 16.79];
        Assert.Equal(table[0], Math.Round(ChiSquare.Quantile(0.025, 1), 3));
        Assert.Equal(0.05, Math.Round(ChiSquare.Quantile(0.025, 2), 2));
        Assert.Equal(0.02, Math.Round(ChiSquare.Quantile(0.01, 2), 2));
        // ν = 15 is printed 6.27; the quantile is 6.2621 (an independent bisection on the series gives 6.262137795).
        Assert.Equal(6.262137795, ChiSquare.Quantile(0.025, 15), 8);
        for (int nu = 3; nu <= 30; nu++)
            if (nu != 15) Assert.Equal(table[nu - 1], Math.Round(ChiSquare.Quantile(0.025, nu), 2));
    }

    [Fact]
    public void The_authors_table_serves_only_alpha_five_percent_and_exact_quantiles_serve_any()
    {
        var answers = SubPacVictimTests.Binary();
        var error = Assert.Throws<ALfc.Core.AlfcInputException>(() => new Catd(alpha: 0.1).Aggregate(answers, 2));
        Assert.Contains("only α = 0.05", error.Message);
        // On the tiny table the worker without mistakes dominates either way, so both sources give the table's labels.
        Assert.Equal(new Catd().Aggregate(answers, 2).Labels, new Catd(alpha: 0.1, quantiles: CatdQuantiles.Exact).Aggregate(answers, 2).Labels);
    }
}
