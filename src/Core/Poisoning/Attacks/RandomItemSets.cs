namespace ALfc.Core.Poisoning.Attacks;

/// <summary>
/// The per-worker random item sets of the TIA, Flip and Rand baselines: in the released files each malicious worker
/// labels its own random subset of the items (subpac-notes §9). Worker j' gets ⌈a·N⌉ distinct items by a partial
/// Fisher–Yates shuffle; all workers draw, in order, from one <see cref="Random"/> seeded with
/// <see cref="Seeds.DeriveInt"/>(seed, "poison/item-sets"), so every baseline run with the same seed and budget labels
/// the same item sets, and the label choices (drawn from other derived seeds) never shift them.
/// </summary>
public static class RandomItemSets
{
    /// <summary>For each of <see cref="PoisonBudget.MaliciousWorkers"/> workers, its sorted item indices.</summary>
    public static int[][] Draw(int items, PoisonBudget budget, int seed)
    {
        var random = new Random(Seeds.DeriveInt(seed, "poison/item-sets"));
        int perWorker = budget.ItemsPerWorker(items);
        var sets = new int[budget.MaliciousWorkers][];
        var pool = new int[items];
        for (int w = 0; w < sets.Length; w++)
        {
            for (int i = 0; i < items; i++) pool[i] = i;
            for (int k = 0; k < perWorker; k++)
            {
                int pick = random.Next(k, items);
                (pool[k], pool[pick]) = (pool[pick], pool[k]);
            }
            sets[w] = pool[..perWorker].Order().ToArray();
        }
        return sets;
    }
}
