namespace ALfc.Core.Poisoning;

/// <summary>
/// What the attacker may spend: <see cref="MaliciousWorkers"/> colluding workers (M' ≥ 1), each labelling the
/// fraction <see cref="ItemFraction"/> a ∈ (0, 1] of the N items ("answerPercent" in the authors' code), so the
/// total budget is B = ⌈a·N⌉·M'.
/// </summary>
public sealed record PoisonBudget
{
    public PoisonBudget(int maliciousWorkers, double itemFraction)
    {
        if (maliciousWorkers < 1)
            throw new AlfcInputException($"--malicious: the number of malicious workers must be at least 1, got {maliciousWorkers}");
        if (!(itemFraction > 0 && itemFraction <= 1))
            throw new AlfcInputException($"--budget: the fraction of items per malicious worker must be in (0, 1], got {itemFraction}");
        MaliciousWorkers = maliciousWorkers;
        ItemFraction = itemFraction;
    }

    public int MaliciousWorkers { get; }
    public double ItemFraction { get; }

    /// <summary>⌈a·N⌉ items per malicious worker (the authors' files show a·N rounded up), at least 1.</summary>
    public int ItemsPerWorker(int items) => Math.Clamp((int)Math.Ceiling(ItemFraction * items - 1e-9), 1, items);

    /// <summary>B = ⌈a·N⌉·M'.</summary>
    public int TotalAnswers(int items) => ItemsPerWorker(items) * MaliciousWorkers;
}
