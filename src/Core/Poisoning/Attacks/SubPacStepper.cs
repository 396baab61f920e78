namespace ALfc.Core.Poisoning.Attacks;

/// <summary>
/// One parameter vector's optimiser for SubPac's logits: Adam (β₁ = 0.9, β₂ = 0.999, ε = 1e-8, bias-corrected) or plain
/// gradient descent, x ← x - η·step. Plain arrays keep the attack deterministic and free of tensor lifetimes.
/// </summary>
internal sealed class SubPacStepper(SubPacOptimizer kind, double learningRate, int length)
{
    private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;
    private readonly double[] _m = new double[length];
    private readonly double[] _v = new double[length];
    private int _t;

    public void Step(double[] x, double[] gradient)
    {
        if (kind == SubPacOptimizer.Sgd)
        {
            for (int i = 0; i < x.Length; i++) x[i] -= learningRate * gradient[i];
            return;
        }
        _t++;
        double c1 = 1 - Math.Pow(Beta1, _t), c2 = 1 - Math.Pow(Beta2, _t);
        for (int i = 0; i < x.Length; i++)
        {
            _m[i] = Beta1 * _m[i] + (1 - Beta1) * gradient[i];
            _v[i] = Beta2 * _v[i] + (1 - Beta2) * gradient[i] * gradient[i];
            x[i] -= learningRate * (_m[i] / c1) / (Math.Sqrt(_v[i] / c2) + Epsilon);
        }
    }
}
