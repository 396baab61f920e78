using ALfc.Core.Data;

namespace ALfc.Core.Poisoning;

/// <summary>
/// A data-poisoning attack on crowd label aggregation: given the normal workers' answers (never the ground
/// truth), it decides which items each of M' colluding malicious workers labels and with which label.
/// </summary>
public interface IPoisoningAttack
{
    /// <summary>The registry name (subpac, ds-gradient, flip, rand, greedy).</summary>
    string Name { get; }

    /// <summary>
    /// The malicious answers, items x M' (<see cref="AnswerMatrix.Missing"/> where a malicious worker gives no
    /// label). Every random choice comes from <paramref name="seed"/>.
    /// </summary>
    AnswerMatrix Build(AnswerMatrix normal, int classes, PoisonBudget budget, int seed,
        IProgress<PoisoningProgress>? progress = null, CancellationToken cancel = default);
}
