using ALfc.Core.Poisoning.Victims;

namespace ALfc.Tests.Poisoning;

public class ConjugateGradientTests
{
    [Fact]
    public void Conjugate_gradient_finds_the_minimum_of_the_Rosenbrock_valley()
    {
        // f(x, y) = (1 - x)² + 100 (y - x²)², minimum 0 at (1, 1), the classic start (-1.2, 1).
        static (double, double[]) Rosenbrock(double[] v)
        {
            double x = v[0], y = v[1];
            return ((1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x), [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)]);
        }
        var result = ConjugateGradient.Minimize(Rosenbrock, [-1.2, 1.0], maxIterations: 500, gradientTolerance: 1e-8);
        Assert.Equal(1.0, result[0], 5);
        Assert.Equal(1.0, result[1], 5);
    }

    [Fact]
    public void Conjugate_gradient_stops_after_its_iteration_budget_and_only_ever_descends()
    {
        static (double, double[]) Bowl(double[] v) => (v[0] * v[0] + 10 * v[1] * v[1], [2 * v[0], 20 * v[1]]);
        var start = new[] { 3.0, -2.0 };
        var one = ConjugateGradient.Minimize(Bowl, start, maxIterations: 1, gradientTolerance: 0);
        Assert.True(Bowl(one).Item1 < Bowl(start).Item1);
        Assert.Equal([3.0, -2.0], start);
        var many = ConjugateGradient.Minimize(Bowl, start, maxIterations: 50, gradientTolerance: 1e-10);
        Assert.True(Bowl(many).Item1 < 1e-18);
    }
}
