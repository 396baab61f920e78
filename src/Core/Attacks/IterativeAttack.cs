namespace ALfc.Core.Attacks;

/// <summary>
/// An attack that takes <see cref="Steps"/> signed steps of size a = stepFraction · eps (PGD, CW-margin, MIM).
/// The step settings are checked here, once, so every iterative attack refuses the same bad values with the
/// same words; a step fraction of zero or less would leave x' at its start and report a robustness that was never tested.
/// </summary>
public abstract class IterativeAttack : AttackBase
{
    protected IterativeAttack(double epsilon, int steps, double stepFraction, (double Low, double High)? clamp)
        : base(epsilon, clamp)
    {
        // Name is a constant in every attack, so reading the override before the subclass constructor has run is safe.
        if (steps < 1) throw new AlfcInputException($"{Name} steps: must be at least 1, got {steps}");
        if (!(stepFraction > 0)) throw new AlfcInputException($"{Name} step fraction: must be positive, got {stepFraction}");
        Steps = steps;
        StepSize = stepFraction * epsilon;
    }

    public int Steps { get; }

    /// <summary>The step a = stepFraction · eps.</summary>
    public double StepSize { get; }
}
