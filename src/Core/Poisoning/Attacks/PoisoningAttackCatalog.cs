using ALfc.Core.Poisoning.Substitutes;

namespace ALfc.Core.Poisoning.Attacks;

/// <summary>
/// The registry of poisoning attacks, by name: SubPac (optimised against the chosen substitute), the ds-gradient
/// stand-in for TIA (its own Dawid-Skene substitute), Flip, Rand and greedy collusion (no substitute: their choices
/// come from the clean majority vote). Tests and grids enumerate <see cref="Names"/>.
/// </summary>
public static class PoisoningAttackCatalog
{
    public const string SubPac = "subpac";

    private static readonly IReadOnlyDictionary<string, Func<ISubstituteAggregator, SubPacSettings?, IPoisoningAttack>> Factories =
        new Dictionary<string, Func<ISubstituteAggregator, SubPacSettings?, IPoisoningAttack>>(StringComparer.OrdinalIgnoreCase)
        {
            [SubPac] = (substitute, settings) => new SubPacAttack(substitute, settings),
            ["ds-gradient"] = (_, _) => new DsGradientAttack(),
            ["flip"] = (_, _) => new FlipAttack(),
            ["rand"] = (_, _) => new RandAttack(),
            ["greedy"] = (_, _) => new GreedyCollusionAttack(),
        };

    /// <summary>Names in presentation order.</summary>
    public static IReadOnlyList<string> Names { get; } = [SubPac, "ds-gradient", "flip", "rand", "greedy"];

    /// <summary>
    /// The attack <paramref name="attack"/>, for SubPac against <paramref name="substitute"/> with <paramref name="settings"/>
    /// (null: the defaults). The substitute name is checked for every attack, so a grid cannot name one that does not exist.
    /// </summary>
    public static IPoisoningAttack Create(string attack, string substitute, SubPacSettings? settings = null)
    {
        var sub = SubstituteCatalog.Create(substitute, (settings ?? new SubPacSettings()).SubstituteIterations);
        return Factories.TryGetValue(attack, out var factory)
            ? factory(sub, settings)
            : throw new AlfcInputException($"--attack: unknown poisoning attack '{attack}' (known: {string.Join(", ", Names)})");
    }
}
