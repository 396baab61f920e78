using ALfc.Core.Poisoning.Substitutes;

namespace ALfc.Core.Poisoning.Attacks;

/// <summary>
/// The registry of data-poisoning attacks on crowd aggregation, by name: subpac (Chen et al., IJCAI 2023, on the
/// substitute named by the caller), ds-gradient (this project's stand-in for the paper's TIA baseline, named for what
/// it is: <see cref="DsGradientAttack"/>), flip, rand and greedy (greedy collusion, the notes' sanity baseline).
/// </summary>
public static class PoisoningAttackCatalog
{
    public const string SubPac = "subpac";

    /// <summary>Why 'tia' is refused, wherever an attack is named (the command line, a grid).</summary>
    public const string TiaNotBuilt = "'tia' (Miao et al., WWW 2018) is not built, its formulation could not be obtained; 'ds-gradient' is this project's stand-in for it, under its own name";

    private static readonly IReadOnlyDictionary<string, Func<string, SubPacSettings?, IPoisoningAttack>> Factories =
        new Dictionary<string, Func<string, SubPacSettings?, IPoisoningAttack>>(StringComparer.OrdinalIgnoreCase)
        {
            [SubPac] = (substitute, settings) => SubPacAttack.Create(substitute, settings),
            ["ds-gradient"] = (_, _) => new DsGradientAttack(),
            ["flip"] = (_, _) => new FlipAttack(),
            ["rand"] = (_, _) => new RandAttack(),
            ["greedy"] = (_, _) => new GreedyCollusionAttack(),
        };

    /// <summary>Whether <paramref name="attack"/> optimises against the substitute it is given: only subpac; the baselines bring their own models (ds-gradient its Dawid-Skene, flip, rand and greedy the clean majority).</summary>
    public static bool UsesSubstitute(string attack) => attack.Equals(SubPac, StringComparison.OrdinalIgnoreCase);

    /// <summary>Names in presentation order (the paper's attack, its baselines, then the notes' sanity baseline).</summary>
    public static IReadOnlyList<string> Names { get; } = [SubPac, "ds-gradient", "flip", "rand", "greedy"];

    /// <summary>
    /// The attack <paramref name="attack"/>. <paramref name="substitute"/> (a <see cref="SubstituteCatalog"/> name) and
    /// <paramref name="settings"/> configure subpac; the baselines bring their own models, but the substitute name is
    /// checked for every attack so a typo in a grid fails the same way everywhere.
    /// </summary>
    public static IPoisoningAttack Create(string attack, string substitute = "ds", SubPacSettings? settings = null)
    {
        // The issue's CLI names TIA; what is built is a stand-in under its own name, so say so rather than alias it.
        if (attack.Equals("tia", StringComparison.OrdinalIgnoreCase))
            throw new AlfcInputException($"--attack: {TiaNotBuilt}");
        if (!Factories.TryGetValue(attack, out var factory))
            throw new AlfcInputException($"--attack: unknown poisoning attack '{attack}' (known: {string.Join(", ", Names)})");
        if (!SubstituteCatalog.Names.Contains(substitute, StringComparer.OrdinalIgnoreCase))
            throw new AlfcInputException($"--substitute: unknown substitute '{substitute}' (known: {string.Join(", ", SubstituteCatalog.Names)})");
        return factory(substitute, settings);
    }
}
