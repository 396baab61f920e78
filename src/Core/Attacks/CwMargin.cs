using ALfc.Core.Attacks.Objectives;
using static TorchSharp.torch;

namespace ALfc.Core.Attacks;

/// <summary>
/// The A-LFC paper's "CW" attack, as its authors' code implements it: the PGD loop (10 steps of eps/4)
/// ascending the margin objective -relu(p_y - max_{j≠y} p_j) computed on softmax probabilities, so
/// each step pushes the true class's probability below the best other class and stops pushing once it is.
/// This is NOT the Carlini-Wagner optimisation attack (Carlini &amp; Wagner 2017): there is no binary
/// search over a trade-off constant and no change of variables, only a margin loss inside PGD.
/// The authors' code starts at x; <c>randomStart</c> defaults to that.
/// </summary>
public sealed class CwMargin(double epsilon, int steps = 10, double stepFraction = 0.25, bool randomStart = false, (double Low, double High)? clamp = null)
    : Pgd(epsilon, steps, stepFraction, randomStart, clamp)
{
    public override string Name => "cw-margin";

    protected override AttackObjective Objective(Tensor labels) => new ProbabilityMarginObjective(labels);
}
