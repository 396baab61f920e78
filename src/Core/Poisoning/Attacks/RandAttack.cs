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
        var values = Enumerable.Repeat(AnswerMatrix.Missing, normal.Items * sets.Length).ToArray();
        for (int w = 0; w < sets.Length; w++)
            foreach (var i in sets[w]) values[i * sets.Length + w] = random.Next(classes);
        progress?.Report(new PoisoningProgress(1, 1, 1, 1, double.NaN));
        return new AnswerMatrix(normal.Items, sets.Length, values);
    }
}
