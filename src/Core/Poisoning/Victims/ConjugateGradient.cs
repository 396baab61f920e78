namespace ALfc.Core.Poisoning.Victims;

/// <summary>
/// Nonlinear conjugate gradient (Polak–Ribière+, Nocedal &amp; Wright, Numerical Optimization, 2nd ed., §5.2) with a
/// strong-Wolfe line search (their Algorithms 3.5–3.6, c1 = 1e-4, c2 = 0.4, the constants scipy's CG uses) and
/// scipy's first trial step min(1, 2.02 (f_k - f_{k-1}) / -g·d). Stops after <c>maxIterations</c> iterations, when the
/// largest gradient entry falls below <c>gradientTolerance</c>, or when the line search fails.
/// </summary>
internal static class ConjugateGradient
{
    private const double C1 = 1e-4, C2 = 0.4;

    public static double[] Minimize(Func<double[], (double Value, double[] Gradient)> f, double[] start, int maxIterations, double gradientTolerance)
    {
        var x = (double[])start.Clone();
        var (fx, g) = f(x);
        var d = g.Select(v => -v).ToArray();
        double previous = fx + Norm(g) / 2;
        for (int k = 0; k < maxIterations && MaxAbs(g) >= gradientTolerance; k++)
        {
            double slope = Dot(g, d);
            if (slope >= 0) { d = g.Select(v => -v).ToArray(); slope = -Dot(g, g); }
            double step = Math.Min(1.0, 1.01 * 2 * (fx - previous) / slope);
            if (!(step > 0)) step = 1.0;
            var found = LineSearch(f, x, fx, g, d, slope, step);
            if (found is null) break;
            var (alpha, fNew, gNew) = found.Value;
            for (int i = 0; i < x.Length; i++) x[i] += alpha * d[i];
            // β_PR+ = max(0, g_{k+1}·(g_{k+1} - g_k) / g_k·g_k).
            double beta = Math.Max(0, (Dot(gNew, gNew) - Dot(gNew, g)) / Dot(g, g));
            for (int i = 0; i < d.Length; i++) d[i] = -gNew[i] + beta * d[i];
            previous = fx;
            fx = fNew;
            g = gNew;
        }
        return x;
    }

    private static (double Alpha, double Value, double[] Gradient)? LineSearch(Func<double[], (double, double[])> f,
        double[] x, double f0, double[] g0, double[] d, double slope0, double first)
    {
        (double, double, double[]) Evaluate(double alpha)
        {
            var trial = new double[x.Length];
            for (int i = 0; i < x.Length; i++) trial[i] = x[i] + alpha * d[i];
            var (value, gradient) = f(trial);
            return (value, Dot(gradient, d), gradient);
        }

        double previousAlpha = 0, previousValue = f0, previousSlope = slope0, alpha = first;
        for (int i = 0; i < 30; i++)
        {
            var (value, slope, gradient) = Evaluate(alpha);
            if (!double.IsFinite(value)) { alpha = (previousAlpha + alpha) / 2; continue; }
            if (value > f0 + C1 * alpha * slope0 || (i > 0 && value >= previousValue))
                return Zoom(Evaluate, f0, slope0, previousAlpha, previousValue, previousSlope, alpha, value);
            if (Math.Abs(slope) <= -C2 * slope0) return (alpha, value, gradient);
            if (slope >= 0) return Zoom(Evaluate, f0, slope0, alpha, value, slope, previousAlpha, previousValue);
            (previousAlpha, previousValue, previousSlope) = (alpha, value, slope);
            alpha *= 2;
        }
        return null;
    }

    /// <summary>Shrinks [lo, hi] (lo satisfying sufficient decrease) by cubic-free bisection until the strong Wolfe conditions hold.</summary>
    private static (double, double, double[])? Zoom(Func<double, (double, double, double[])> evaluate, double f0, double slope0,
        double lo, double fLo, double slopeLo, double hi, double fHi)
    {
        for (int i = 0; i < 40; i++)
        {
            // Minimiser of the quadratic through (lo, fLo, slopeLo) and (hi, fHi), kept inside the interval.
            double width = hi - lo;
            double denominator = 2 * (fHi - fLo - slopeLo * width);
            double alpha = denominator > 0 ? lo - slopeLo * width * width / denominator : lo + width / 2;
            double inner = Math.Min(lo, hi) + 0.1 * Math.Abs(width), outer = Math.Max(lo, hi) - 0.1 * Math.Abs(width);
            if (!(alpha >= inner && alpha <= outer)) alpha = lo + width / 2;
            var (value, slope, gradient) = evaluate(alpha);
            if (value > f0 + C1 * alpha * slope0 || value >= fLo) { hi = alpha; fHi = value; }
            else
            {
                if (Math.Abs(slope) <= -C2 * slope0) return (alpha, value, gradient);
                if (slope * (hi - lo) >= 0) { hi = lo; fHi = fLo; }
                (lo, fLo, slopeLo) = (alpha, value, slope);
            }
            if (Math.Abs(hi - lo) < 1e-14) break;
        }
        return null;
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static double Norm(double[] a) => Math.Sqrt(Dot(a, a));

    private static double MaxAbs(double[] a) => a.Length == 0 ? 0 : a.Max(Math.Abs);
}
