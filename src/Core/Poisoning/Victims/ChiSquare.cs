namespace ALfc.Core.Poisoning.Victims;

/// <summary>
/// The chi-square distribution with ν degrees of freedom: CDF F(x; ν) = P(ν/2, x/2), the regularised lower
/// incomplete gamma function, and its inverse. P is evaluated by its power series for x &lt; a + 1 and by the
/// Lentz continued fraction for Q = 1 - P otherwise (Numerical Recipes, 3rd ed., §6.2); the quantile is found by
/// Newton steps on F safeguarded by bisection, to about 1e-12 relative. (Wilson–Hilferty is off by up to a few
/// percent for small ν, too far for CATD's weights, which use ν = n_j as small as 1.)
/// </summary>
public static class ChiSquare
{
    public static double Cdf(double x, double degreesOfFreedom) =>
        x <= 0 ? 0 : RegularizedLowerGamma(degreesOfFreedom / 2, x / 2);

    /// <summary>The x with F(x; ν) = <paramref name="p"/>, for p in (0, 1).</summary>
    public static double Quantile(double p, double degreesOfFreedom)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), $"p must be in (0, 1), got {p}");
        if (!(degreesOfFreedom > 0)) throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), $"need ν > 0, got {degreesOfFreedom}");
        double a = degreesOfFreedom / 2, logGamma = LogGamma(a);
        // Bracket the root: F(lo) ≤ p ≤ F(hi).
        double lo = 0, hi = Math.Max(1, degreesOfFreedom);
        while (Cdf(hi, degreesOfFreedom) < p) { lo = hi; hi *= 2; }
        double x = (lo + hi) / 2;
        for (int step = 0; step < 200; step++)
        {
            double f = Cdf(x, degreesOfFreedom) - p;
            if (f < 0) lo = x; else hi = x;
            // Density of chi²(ν) at x: x^(a-1) e^(-x/2) / (2^a Γ(a)).
            double density = Math.Exp((a - 1) * Math.Log(x) - x / 2 - a * Math.Log(2) - logGamma);
            double next = density > 0 ? x - f / density : double.NaN;
            if (!(next > lo && next < hi)) next = (lo + hi) / 2;
            if (Math.Abs(next - x) <= 1e-14 * Math.Max(1e-300, x) || hi - lo <= 1e-15 * hi) return next;
            x = next;
        }
        return x;
    }

    /// <summary>P(a, x) = γ(a, x) / Γ(a).</summary>
    public static double RegularizedLowerGamma(double a, double x)
    {
        if (x <= 0) return 0;
        double logPrefix = a * Math.Log(x) - x - LogGamma(a);
        if (x < a + 1)
        {
            // Series: P = e^{-x} x^a / Γ(a) Σ_n x^n / (a (a+1) … (a+n)).
            double term = 1 / a, sum = term;
            for (int n = 1; n < 10_000; n++)
            {
                term *= x / (a + n);
                sum += term;
                if (Math.Abs(term) < Math.Abs(sum) * 1e-17) break;
            }
            return sum * Math.Exp(logPrefix);
        }
        // Continued fraction for Q(a, x) (modified Lentz).
        const double tiny = 1e-300;
        double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
        for (int i = 1; i < 10_000; i++)
        {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.Abs(d) < tiny) d = tiny;
            c = b + an / c;
            if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        return 1 - Math.Exp(logPrefix) * h;
    }

    /// <summary>ln Γ(a) for a &gt; 0 (Lanczos approximation, g = 7, n = 9; about 1e-15 relative).</summary>
    public static double LogGamma(double a)
    {
        if (a < 0.5) return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * a))) - LogGamma(1 - a);
        ReadOnlySpan<double> c =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        a -= 1;
        double sum = c[0], t = a + 7.5;
        for (int i = 1; i < 9; i++) sum += c[i] / (a + i);
        return 0.5 * Math.Log(2 * Math.PI) + (a + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }
}
