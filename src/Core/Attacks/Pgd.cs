using ALfc.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Core.Attacks;

/// <summary>
/// Projected gradient descent (Madry et al. 2018, arXiv:1706.06083), L∞: optionally start at
/// x + U(-eps, eps), then <c>steps</c> times x' ← Π_eps(x' + a · sign(∇ₓ' L(f(x'), y))) with step
/// a = stepFraction · eps. Defaults are the A-LFC setting: 10 steps of eps/4 with a random start (the
/// paper's reading; the authors' code starts at x, which <c>randomStart: false</c> reproduces).
/// </summary>
public class Pgd(double epsilon, int steps = 10, double stepFraction = 0.25, bool randomStart = true, (double Low, double High)? clamp = null)
    : IterativeAttack(epsilon, steps, stepFraction, clamp)
{
    public bool RandomStart { get; } = randomStart;

    public override string Name => "pgd";

    protected override Tensor Run(IFrozenModel model, Tensor x, AttackObjective objective, ReplicaNoise noise)
    {
        var adversarial = RandomStart ? UniformStart(x, noise) : x.clone();
        using var gradient = empty_like(x);
        for (int step = 0; step < Steps; step++)
        {
            using var scope = NewDisposeScope();
            InputGradient(model, adversarial, objective, gradient);
            SignedStepInPlace(adversarial, gradient, StepSize, x);
        }
        return adversarial;
    }
}
