using ALfc.Core.Data;

namespace ALfc.Core.Poisoning.Attacks;

/// <summary>
/// The Flip baseline of the SubPac evaluation (Chen et al., IJCAI 2023; subpac-notes §9): each malicious worker
/// labels its own random set of ⌈a·N⌉ items (<see cref="RandomItemSets"/>) and gives every one the label that
/// contradicts the clean majority vote: the other label for two classes, the runner-up class by votes for K
/// (<see cref="CleanConsensus"/>), so its agreement with clean MV is exactly 0. Deterministic given the seed, which
/// only fixes the item sets.
/// </summary>
public sealed class FlipAttack : IPoisoningAttack
{
    public string Name => "flip";

    public AnswerMatrix Build(AnswerMatrix normal, int classes, PoisonBudget budget, int seed,
        IProgress<PoisoningProgress>? progress = null, CancellationToken cancel = default)
    {
        var consensus = CleanConsensus.Of(normal, classes);
        var sets = RandomItemSets.Draw(normal.Items, budget, seed);
        progress?.Report(new PoisoningProgress(1, 1, 1, 1, double.NaN));
        return AnswerMatrix.FromItemSets(normal.Items, sets, (w, s) => consensus.RunnerUp[sets[w][s]]);
    }
}
