using ALfc.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Core.Attacks;

/// <summary>
/// Fast gradient sign method (Goodfellow, Shlens &amp; Szegedy 2015, arXiv:1412.6572):
/// x' = x + eps · sign(∇ₓ L(f(x), y)), one step, L∞.
/// </summary>
public sealed class Fgsm(double epsilon, (double Low, double High)? clamp = null) : AttackBase(epsilon, clamp)
{
    public override string Name => "fgsm";

    protected override Tensor Run(IFrozenModel model, Tensor x, AttackObjective objective, ReplicaNoise noise)
    {
        using var gradient = empty_like(x);
        InputGradient(model, x, objective, gradient);
        return SignedStepInPlace(x.clone(), gradient, Epsilon, x);
    }
}
