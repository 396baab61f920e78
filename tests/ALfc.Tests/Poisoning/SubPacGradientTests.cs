using ALfc.Core.Poisoning.Attacks;

namespace ALfc.Tests.Poisoning;

/// <summary>
/// The closed-form gradient of <see cref="SubPacLoss"/> (notes §4.1) against central finite differences of the full
/// augmented Lagrangian Ψ = L + ψG + (ρ/2)G², G = (soft count - B)/B, and the binary case against the supplement's Theorems 4-5 as the notes
/// rewrite them (one-hot-probability coding, |Ũ| in Theorem 5's disguise term, the exact tanh derivative).
/// </summary>
public class SubPacGradientTests
{
    private const double Psi = 0.7, Theta = 5, Lambda = 0.3;
    private const int Budget = 5;

    private sealed record Case(SubPacLoss Loss, double[] U, double[] V, double[,] Clean, double[][,] Matrices);

    private static Case Random(int items, int classes, int[] sizes, SubPacObjective objective, int seed, double penalty = 0)
    {
        var random = new Random(seed);
        var clean = new double[items, classes];
        for (int i = 0; i < items; i++)
            for (int c = 0; c < classes; c++) clean[i, c] = 3 * random.NextDouble() - 1.5;
        var matrices = sizes.Select(_ =>
        {
            var w = new double[classes, classes];
            for (int c = 0; c < classes; c++)
                for (int h = 0; h < classes; h++) w[c, h] = c == h ? -0.2 * random.NextDouble() : -1 - 2 * random.NextDouble();
            return w;
        }).ToArray();
        var targets = Enumerable.Range(0, items).Select(i => Enumerable.Range(0, classes).MaxBy(c => clean[i, c])).ToArray();
        var loss = new SubPacLoss(clean, targets, matrices, sizes, Lambda, Theta, Budget, objective, marginTemperature: 0.8, budgetPenalty: penalty);
        var u = Enumerable.Range(0, sizes.Length * items).Select(_ => 2 * random.NextDouble() - 1).ToArray();
        var v = Enumerable.Range(0, sizes.Length * items * classes).Select(_ => 2 * random.NextDouble() - 1).ToArray();
        return new Case(loss, u, v, clean, matrices);
    }

    private const double Penalty = 3;

    private static double Lagrangian(SubPacLoss loss, double[] u, double[] v)
    {
        var (value, soft) = loss.Evaluate(u, v, Psi, new double[u.Length], new double[v.Length]);
        double g = (soft - Budget) / Budget;
        return value + Psi * g + Penalty / 2 * g * g;
    }

    [Theory]
    [InlineData(2, SubPacObjective.CrossEntropy, false)]
    [InlineData(3, SubPacObjective.CrossEntropy, false)]
    [InlineData(2, SubPacObjective.Margin, false)]
    [InlineData(3, SubPacObjective.Margin, true)]
    [InlineData(3, SubPacObjective.CrossEntropy, true)]
    public void The_analytic_gradient_matches_central_finite_differences(int classes, SubPacObjective objective, bool perWorker)
    {
        int[] sizes = perWorker ? [1, 1, 1] : [3];
        var c = Random(items: 6, classes, sizes, objective, seed: 11 + classes, penalty: Penalty);
        var gradU = new double[c.U.Length];
        var gradV = new double[c.V.Length];
        c.Loss.Evaluate(c.U, c.V, Psi, gradU, gradV);
        const double h = 1e-6;
        foreach (var (x, grad) in new[] { (c.U, gradU), (c.V, gradV) })
            for (int p = 0; p < x.Length; p++)
            {
                double saved = x[p];
                x[p] = saved + h;
                double plus = Lagrangian(c.Loss, c.U, c.V);
                x[p] = saved - h;
                double minus = Lagrangian(c.Loss, c.U, c.V);
                x[p] = saved;
                double numeric = (plus - minus) / (2 * h);
                Assert.True(Math.Abs(numeric - grad[p]) <= 1e-7 + 1e-5 * Math.Abs(numeric), $"entry {p}: analytic {grad[p]:R}, numeric {numeric:R}");
            }
    }

    [Fact]
    public void The_binary_gradient_equals_the_supplements_theorems_4_and_5()
    {
        const int n = 5;
        var c = Random(items: n, classes: 2, sizes: [1], SubPacObjective.CrossEntropy, seed: 5);
        var gradU = new double[c.U.Length];
        var gradV = new double[c.V.Length];
        c.Loss.Evaluate(c.U, c.V, Psi, gradU, gradV);
        var w = c.Matrices[0];
        var t = c.U.Select(SubPacLoss.Sigmoid).ToArray();
        var y = Enumerable.Range(0, n).Select(i => SubPacLoss.Sigmoid(c.V[2 * i + 1] - c.V[2 * i])).ToArray();
        double total = t.Sum();
        var p = Enumerable.Range(0, n).Select(i => SubPacLoss.Sigmoid(c.Clean[i, 1] - c.Clean[i, 0])).ToArray();
        var cost = Enumerable.Range(0, n).Select(i => -((1 - p[i]) * Math.Log(1 - y[i]) + p[i] * Math.Log(y[i]))).ToArray();
        double weighted = Enumerable.Range(0, n).Sum(i => t[i] * cost[i]);
        for (int i = 0; i < n; i++)
        {
            double hatMinus = c.Clean[i, 0] + t[i] * ((1 - y[i]) * w[0, 0] + y[i] * w[0, 1]);
            double hatPlus = c.Clean[i, 1] + t[i] * ((1 - y[i]) * w[1, 0] + y[i] * w[1, 1]);
            double s = SubPacLoss.Sigmoid(hatPlus - hatMinus);
            // Theorem 4: ∂/∂ỹ = (1/|X|)(σ(w̄)₊ - σ(ŵ)₊)(∂ŵ₊/∂ỹ - ∂ŵ₋/∂ỹ) + λt̃/(|Ũ|Σt̃)·((1 - σ(w̄)₊)/(1 - ỹ) - σ(w̄)₊/ỹ).
            double dPlusDy = t[i] * (w[1, 1] - w[1, 0]), dMinusDy = t[i] * (w[0, 1] - w[0, 0]);
            double theorem4 = (p[i] - s) * (dPlusDy - dMinusDy) / n + Lambda * t[i] / total * ((1 - p[i]) / (1 - y[i]) - p[i] / y[i]);
            // ỹ = sigmoid(v₁ - v₀), so ∂/∂v₁ = ∂/∂ỹ · ỹ(1 - ỹ).
            Assert.Equal(theorem4 * y[i] * (1 - y[i]), gradV[2 * i + 1], 12);
            // Theorem 5 (|Ũ| in the disguise term, exact tanh derivative, constraint scaled by 1/B).
            double dPlusDt = (1 - y[i]) * w[1, 0] + y[i] * w[1, 1], dMinusDt = (1 - y[i]) * w[0, 0] + y[i] * w[0, 1];
            double tanh = Math.Tanh(Theta * (t[i] - 0.5));
            double theorem5 = (p[i] - s) * (dPlusDt - dMinusDt) / n + Lambda * (cost[i] * total - weighted) / (total * total)
                + Psi * Theta / 2 * (1 - tanh * tanh) / Budget;
            Assert.Equal(theorem5 * t[i] * (1 - t[i]), gradU[i], 12);
        }
    }
}
