using ALfc.Core.Data;

namespace ALfc.Core.Poisoning.Attacks;

/// <summary>
/// The Rand baseline of the SubPac evaluation (Chen et al., IJCAI 2023; subpac-notes §9): each malicious worker
/// labels its own random set of ⌈a·N⌉ items (<see cref="RandomItemSets"/>, the same sets Flip uses for the same
/// seed) with labels drawn uniformly from the K classes, from a <see cref="Random"/> seeded with
/// <see cref="Seeds.DeriveInt"/>(seed, "poison/rand-labels"), worker by worker, item by item.
/// </summary>
public sealed class RandAttack : IPoisoningAttack
{
    public string Name => "rand";

    public AnswerMatrix Build(AnswerMatrix normal, int classes, PoisonBudget budget, int seed,
        IProgress<PoisoningProgress>? progress = null, CancellationToken cancel = default)
    {
        var sets = RandomItemSets.Draw(normal.Items, budget, seed);
        var random = new Random(Seeds.DeriveInt(seed, "poison/rand-labels"));
        var answers = AnswerMatrix.FromItemSets(normal.Items, sets, (_, _) => random.Next(classes));
        progress?.Report(new PoisoningProgress(1, 1, 1, 1, double.NaN));
        return answers;
    }
}
