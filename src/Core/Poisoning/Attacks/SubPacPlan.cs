using ALfc.Core.Data;

namespace ALfc.Core.Poisoning.Attacks;

/// <summary>
/// The shape of a SubPac strategy and its discretisation: G strategy groups (one shared by all M' malicious workers, or
/// one per worker; <see cref="Sizes"/>[g] workers each), N items, K classes, ⌈a·N⌉ items per worker. Logit layout as in
/// <see cref="SubPacLoss"/>.
/// </summary>
internal sealed class SubPacPlan(int items, int classes, int[] sizes, int perWorker, SubPacBudgetRule rule)
{
    public int Items => items;
    public int Classes => classes;
    public int[] Sizes => sizes;
    public int Groups => sizes.Length;
    public int Workers => sizes.Sum();

    /// <summary>No malicious answers: items x M' of <see cref="AnswerMatrix.Missing"/>.</summary>
    public AnswerMatrix Empty() => new(items, Workers, Enumerable.Repeat(AnswerMatrix.Missing, items * Workers).ToArray());

    /// <summary>W_g = Σ_{j' ∈ g} W̃^(j'): identical answers within a group add their matrices.</summary>
    public double[][,] GroupMatrices(double[][,] malicious)
    {
        var result = new double[Groups][,];
        int worker = 0;
        for (int g = 0; g < Groups; g++)
        {
            result[g] = new double[classes, classes];
            for (int member = 0; member < sizes[g]; member++, worker++)
                for (int c = 0; c < classes; c++)
                    for (int h = 0; h < classes; h++) result[g][c, h] += malicious[worker][c, h];
        }
        return result;
    }

    /// <summary>
    /// The discrete strategy at (u, v): per group the items by <see cref="SubPacBudgetRule"/> and the argmax labels
    /// (ties to the lower class); of the labels that differ from the clean label z_i, only the ⌈φ·F⌉ with the largest
    /// logit preference v[label] - v[z] stay flipped (<paramref name="flipFraction"/> = φ; 1 = plain argmax), the others
    /// take z_i. φ = 0 gives the all-consensus strategy on the same items. <paramref name="flipPriority"/>, when given,
    /// replaces the logit preference as the ranking (per item, larger = kept first).
    /// <para>With a <paramref name="direction"/> c ≥ 0 the candidate is one-directional: the workers never label an item
    /// whose clean label is c (the items are the best-ranked of the others) and flip only towards c. Every answer they
    /// give is then either "c" or the clean label of a non-c item, so if their flips win, they are perfect on class c
    /// and agree with every posterior: the consistent colluders a Dawid-Skene fit trusts most.</para>
    /// </summary>
    public AnswerMatrix Extract(double[] u, double[] v, int[] targets, double flipFraction, int direction = -1, double[]? flipPriority = null)
    {
        int workers = Workers;
        var values = Enumerable.Repeat(AnswerMatrix.Missing, items * workers).ToArray();
        int firstWorker = 0;
        for (int g = 0; g < Groups; g++)
        {
            var chosen = SelectItems(u, g, i => direction < 0 || targets[i] != direction);
            var labels = new Dictionary<int, int>();
            var flips = new List<(int Item, double Preference)>();
            foreach (var i in chosen)
            {
                int gi = g * items + i, label = 0;
                for (int c = 1; c < classes; c++) if (v[gi * classes + c] > v[gi * classes + label]) label = c;
                bool flip = label != targets[i] && (direction < 0 || label == direction);
                labels[i] = flip ? label : targets[i];
                if (flip) flips.Add((i, flipPriority?[i] ?? v[gi * classes + label] - v[gi * classes + targets[i]]));
            }
            int keep = (int)Math.Ceiling(flipFraction * flips.Count - 1e-9);
            foreach (var (i, _) in flips.OrderByDescending(f => f.Preference).ThenBy(f => f.Item).Skip(keep)) labels[i] = targets[i];
            for (int member = 0; member < sizes[g]; member++)
                foreach (var (i, label) in labels) values[i * workers + firstWorker + member] = label;
            firstWorker += sizes[g];
        }
        return new AnswerMatrix(items, workers, values);
    }

    /// <summary>Number of malicious answers that differ from the clean label.</summary>
    public int CountFlips(AnswerMatrix strategy, int[] targets) =>
        strategy.Triples().Count(a => a.Label != targets[a.Item]);

    private IEnumerable<int> SelectItems(double[] u, int g, Func<int, bool> eligible)
    {
        var order = Enumerable.Range(0, items).Where(eligible).OrderByDescending(i => u[g * items + i]).ThenBy(i => i);
        if (rule == SubPacBudgetRule.TopK) return order.Take(perWorker).ToArray();
        // t̃ > ½ is u > 0; keep at least one item so a worker never vanishes from the strategy.
        var above = order.Where(i => u[g * items + i] > 0).ToArray();
        return above.Length > 0 ? above : order.Take(1).ToArray();
    }
}
