using ALfc.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Core.Attacks;

/// <summary>
/// Momentum iterative method (Dong et al. 2018, arXiv:1710.06081), L∞: g ← μ·g + ∇ / mean|∇| (the
/// mean over each row's features), x' ← Π_eps(x' + a · sign(g)), <c>steps</c> times, from x; μ = 1.0,
/// a = eps/4, 10 steps by default, as in the authors' code.
/// </summary>
public sealed class Mim(double epsilon, int steps = 10, double stepFraction = 0.25, double momentum = 1.0, (double Low, double High)? clamp = null)
    : IterativeAttack(epsilon, steps, stepFraction, clamp)
{
    public double Momentum { get; } = momentum;

    public override string Name => "mim";

    protected override Tensor Run(IFrozenModel model, Tensor x, AttackObjective objective, ReplicaNoise noise)
    {
        var adversarial = x.clone();
        // Buffers reused by every step (see SignedStepInPlace): the gradient, the momentum g, and a scratch for |∇|.
        using var gradient = empty_like(x);
        using var g = zeros_like(x);
        using var scratch = empty_like(x);
        for (int step = 0; step < Steps; step++)
        {
            using var scope = NewDisposeScope();
            InputGradient(model, adversarial, objective, gradient);
            // The tiny floor keeps a zero gradient (a saturated softmax) from dividing 0 by 0.
            var normaliser = scratch.copy_(gradient).abs_().mean([1], keepdim: true).clamp_min(LiveScalars.Of(1e-12));
            // The same operations in the same order as μ·g + ∇/n.
            g.mul_(LiveScalars.Of(Momentum)).add_(gradient.div_(normaliser), LiveScalars.One);
            SignedStepInPlace(adversarial, g, StepSize, x);
        }
        return adversarial;
    }
}
