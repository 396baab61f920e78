using ALfc.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Core.Attacks;

/// <summary>
/// An L∞ evasion attack on a classifier. The base owns everything the attacks share, so it exists once:
/// eval mode while attacking (dropout off) with the caller's mode restored, the one input-gradient path,
/// projection onto the eps-ball x' ← x + clip(x' - x, -eps, eps), the optional clamp to a data range
/// (off by default: the features are not images), and a dispose scope. Subclasses supply only the step rule.
/// The default objective is the summed cross-entropy against the true labels; <see cref="Perturb"/> takes
/// any objective to ascend (A-LFC's training attack ascends the crowd likelihood's negative log).
/// </summary>
public abstract class AttackBase
{
    protected AttackBase(double epsilon, (double Low, double High)? clamp)
    {
        if (!(epsilon >= 0) || double.IsInfinity(epsilon)) throw new AlfcInputException($"eps: must be a finite number >= 0, got {epsilon}");
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
        Perturb(model, x, logits => Objective(logits, labels), generator);

    /// <summary>Ascends <paramref name="objective"/>(logits) (a scalar) inside the eps-ball around <paramref name="x"/>.</summary>
    public Tensor Perturb(Mlp model, Tensor x, Func<Tensor, Tensor> objective, Generator? generator = null)
    {
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var grad = enable_grad();
            using var scope = NewDisposeScope();
            var start = x.detach();
            var adversarial = Epsilon == 0 ? start.clone() : Run(model, start, objective, generator);
            return adversarial.detach().MoveToOuterDisposeScope();
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>The step rule. <paramref name="x"/> is detached; return a tensor inside the ball (use <see cref="Project"/>).</summary>
    protected abstract Tensor Run(Mlp model, Tensor x, Func<Tensor, Tensor> objective, Generator? generator);

    /// <summary>Summed cross-entropy of the logits against the labels; summing keeps each row's gradient independent of the batch size.</summary>
    protected virtual Tensor Objective(Tensor logits, Tensor labels) =>
        nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum);

    /// <summary>∂ objective(f(x')) / ∂x', without touching the model's parameter gradients.</summary>
    public static Tensor InputGradient(Mlp model, Tensor xAdversarial, Func<Tensor, Tensor> objective)
    {
        var input = xAdversarial.detach().requires_grad_(true);
        var loss = objective(model.forward(input));
        var gradient = autograd.grad([loss], [input])[0].detach();
        FlopCount.InputBackward();
        return gradient;
    }

    /// <summary>x' projected onto the L∞ ball of radius eps around x, then clamped to the data range if one is set.</summary>
    protected Tensor Project(Tensor xAdversarial, Tensor x)
    {
        var projected = x + (xAdversarial - x).clamp(-Epsilon, Epsilon);
        return Clamp is { } c ? projected.clamp(c.Low, c.High) : projected;
    }

    /// <summary>A uniform random start inside the ball: x + U(-eps, eps), projected; drawn on the CPU (see <see cref="TensorData.ToDevice"/>).</summary>
    protected Tensor UniformStart(Tensor x, Generator? generator) =>
        Project(x + TensorData.ToDevice(rand(x.shape, generator: generator) * 2 - 1, x.device) * Epsilon, x);
}
