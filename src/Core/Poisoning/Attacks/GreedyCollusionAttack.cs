using ALfc.Core.Data;

namespace ALfc.Core.Poisoning.Attacks;

/// <summary>
/// Greedy collusion, the sanity baseline of subpac-notes §9 (the notes' own, not a baseline of the paper): all M'
/// malicious workers label the same ⌈a·N⌉ items, those with the smallest clean majority-vote margin
/// (<see cref="CleanConsensus"/>; ties by item index), each with the label contradicting clean MV (the runner-up
/// class). It imitates the total collusion seen in the released SubPac files without any optimisation. It uses no
/// randomness: the seed is accepted for the contract and ignored.
/// </summary>
public sealed class GreedyCollusionAttack : IPoisoningAttack
{
    public string Name => "greedy";

    public AnswerMatrix Build(AnswerMatrix normal, int classes, PoisonBudget budget, int seed,
        IProgress<PoisoningProgress>? progress = null, CancellationToken cancel = default)
    {
        var consensus = CleanConsensus.Of(normal, classes);
        int perWorker = budget.ItemsPerWorker(normal.Items), workers = budget.MaliciousWorkers;
        var chosen = Enumerable.Range(0, normal.Items).OrderBy(i => consensus.Margin[i]).ThenBy(i => i).Take(perWorker).ToArray();
        progress?.Report(new PoisoningProgress(1, 1, 1, 1, double.NaN));
        return AnswerMatrix.FromItemSets(normal.Items, Enumerable.Repeat(chosen, workers).ToArray(), (_, s) => consensus.RunnerUp[chosen[s]]);
    }
}
