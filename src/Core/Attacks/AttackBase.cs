using ALfc.Core.Attacks.Objectives;
using ALfc.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Core.Attacks;

/// <summary>
/// An L∞ evasion attack on a classifier. The base owns everything the attacks share, so it exists once:
/// eval mode while attacking (dropout off) with the caller's mode restored, the model frozen once per attack for its input gradients,
/// projection onto the eps-ball x' ← x + clip(x' - x, -eps, eps), the optional clamp to a data range
/// (off by default: the features are not images), and a dispose scope. Subclasses supply only the step rule.
/// The default objective is the summed cross-entropy against the true labels; <see cref="Perturb(IAttackableModel, Tensor, AttackObjective, ReplicaNoise?)"/> takes
/// any <see cref="AttackObjective"/> to ascend (A-LFC's training attack ascends the crowd likelihood's negative log).
/// </summary>
public abstract class AttackBase
{
    /// <summary>
    /// The largest eps any attack takes: far past any feature scale, and far below float32's 3.4·10³⁸, past which
    /// libtorch could not convert the value (an internal error once, for --eps 1e39).
    /// </summary>
    public const double MaxEpsilon = 1e6;

    /// <summary>Whether <paramref name="epsilon"/> is one an attack takes: from 0 to <see cref="MaxEpsilon"/> (NaN is not).</summary>
    public static bool IsEpsilon(double epsilon) => epsilon >= 0 && epsilon <= MaxEpsilon;

    protected AttackBase(double epsilon, (double Low, double High)? clamp)
    {
        if (!IsEpsilon(epsilon)) throw new AlfcInputException($"eps: must be from 0 to {MaxEpsilon}, got {epsilon}");
        if (clamp is { } c && !(c.Low < c.High)) throw new AlfcInputException($"clamp: low {c.Low} must be below high {c.High}");
        Epsilon = epsilon;
        Clamp = clamp;
    }

    public double Epsilon { get; }
    public (double Low, double High)? Clamp { get; }

    /// <summary>The registry name (fgsm, pgd, cw-margin, mim).</summary>
    public abstract string Name { get; }

    /// <summary>Adversarial versions of <paramref name="x"/> (rows) against the true <paramref name="labels"/> (class indices).</summary>
    public Tensor Generate(Mlp model, Tensor x, Tensor labels, Generator? generator = null) =>
        Perturb(model, x, Objective(labels), generator);

    /// <summary>Ascends <paramref name="objective"/> inside the eps-ball around <paramref name="x"/>.</summary>
    public Tensor Perturb(IAttackableModel model, Tensor x, AttackObjective objective, ReplicaNoise? noise = null)
    {
        bool wasTraining = model.IsTraining;
        model.SetTraining(false);
        try
        {
            if (Epsilon == 0) return Perturb((IFrozenModel?)null, x, objective, noise);
            // The weights stay as they are for every step, so the model prepares them once (see IFrozenModel).
            using var frozen = model.Freeze();
            return Perturb(frozen, x, objective, noise);
        }
        finally
        {
            model.SetTraining(wasTraining);
        }
    }

    /// <summary>
    /// Ascends <paramref name="objective"/> inside the eps-ball around <paramref name="x"/> over a model the caller froze
    /// (in eval mode, <see cref="IAttackableModel.Freeze"/>) and keeps for other work over the same weights: A-LFC's
    /// E-step takes its probabilities from the frozen model its training attack then uses. Null only with eps 0.
    /// </summary>
    public Tensor Perturb(IFrozenModel? frozen, Tensor x, AttackObjective objective, ReplicaNoise? noise = null)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var start = x.detach();
        if (Epsilon == 0) return start.clone().MoveToOuterDisposeScope();
        ArgumentNullException.ThrowIfNull(frozen);
        var adversarial = Run(frozen, start, objective, noise ?? (Generator?)null);
        return adversarial.detach().MoveToOuterDisposeScope();
    }

    /// <summary>The step rule. <paramref name="x"/> is detached; return a tensor inside the ball (use <see cref="ProjectInPlace"/>).</summary>
    protected abstract Tensor Run(IFrozenModel model, Tensor x, AttackObjective objective, ReplicaNoise noise);

    /// <summary>What the attack ascends against the true labels: the summed cross-entropy unless the attack says otherwise.</summary>
    protected virtual AttackObjective Objective(Tensor labels) => new CrossEntropyObjective(labels);

    /// <summary>
    /// ∂ objective(f(x')) / ∂x' written into <paramref name="gradient"/> (same shape as x'), in closed form; the model's
    /// parameter gradients are not touched. Every step takes it over the frozen model (<see cref="IFrozenModel"/>); given
    /// a model itself (<see cref="IAttackableModel"/>), it takes the model's tensor path: one gradient is not worth
    /// packing the weights for.
    /// </summary>
    public static void InputGradient(IInputGradient model, Tensor xAdversarial, AttackObjective objective, Tensor gradient) =>
        model.InputGradient(xAdversarial, objective.LogitGradient, gradient);

    /// <summary>
    /// Projects x' in place onto the L∞ ball of radius eps around x, then clamps it to the data range if one is set:
    /// x' ← clip(x' - x, -eps, eps) + x, the same floats as x + clip(x' - x) (addition commutes exactly).
    /// </summary>
    protected Tensor ProjectInPlace(Tensor xAdversarial, Tensor x)
    {
        xAdversarial.sub_(x).clamp_(LiveScalars.Of(-Epsilon), LiveScalars.Of(Epsilon)).add_(x, LiveScalars.One);
        return ClampToDataRange(xAdversarial);
    }

    /// <summary>Clamps x' in place to the data range, if one is set.</summary>
    private Tensor ClampToDataRange(Tensor xAdversarial) => Clamp is { } c ? xAdversarial.clamp_(LiveScalars.Of(c.Low), LiveScalars.Of(c.High)) : xAdversarial;

    /// <summary>
    /// One signed step in place: x' ← Π(x' + a · sign(direction)); <paramref name="direction"/> is left as it is.
    /// add_(·, alpha) computes x' + a · s in one pass, and with s ∈ {-1, 0, 1} the product is exact, so the floats are
    /// those of x' + a · sign(direction) written out. On CPU the step and the ball projection run as one pass
    /// (<see cref="SignedStepKernel"/>), to the same bits, and allocate nothing; elsewhere (a GPU) the sign is a
    /// temporary. The data-range clamp stays a tensor operation.
    /// <para>Why in place, into buffers the attack owns: every step would otherwise allocate three or four new rows x
    /// features tensors, and glibc reuses libtorch's 64-byte-aligned blocks of that size poorly, so the heap kept
    /// growing between trims (see <see cref="NativeAllocator"/>). Measured on sentiment's test set in 256 x 1200 chunks,
    /// every attack and eps of a GT model: with fresh tensors per step the evaluation took 1.39 M page faults, 1.15 GB
    /// and 6.1 s for PGD alone; with the buffers reused, the whole evaluation took 0.42 M page faults, 0.55 GB and 17 s.</para>
    /// </summary>
    protected Tensor SignedStepInPlace(Tensor xAdversarial, Tensor direction, double step, Tensor x)
    {
        if (!SignedStepKernel.TryApply(xAdversarial, direction, x, step, Epsilon))
            return ProjectInPlace(xAdversarial.add_(direction.sign(), alpha: LiveScalars.Of(step)), x);
        return ClampToDataRange(xAdversarial);
    }

    /// <summary>A uniform random start inside the ball: x + U(-eps, eps), projected; drawn on the CPU (see <see cref="ReplicaNoise"/>).</summary>
    protected Tensor UniformStart(Tensor x, ReplicaNoise noise) =>
        ProjectInPlace(TensorData.ToDevice(noise.Uniform(TensorData.ShapeOf(x)).mul_(LiveScalars.Of(2L)).sub_(LiveScalars.One), x.device)
            .mul_(LiveScalars.Of(Epsilon)).add_(x, LiveScalars.One), x);
}
