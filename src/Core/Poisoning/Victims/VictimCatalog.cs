using ALfc.Core.Aggregation;

namespace ALfc.Core.Poisoning.Victims;

/// <summary>
/// The registry of victim aggregators a poisoning attack is scored against: the six SubPac victims, replicated
/// as the authors' evaluation runs them (subpac-ds, subpac-mv, subpac-wmv, subpac-zencrowd, catd, subpac-glad), and
/// ALfc's own aggregators under their <see cref="AggregatorCatalog"/> names (mv, wmv, ds, zencrowd, glad). The seed
/// feeds the victims with random tie-breaks (subpac-wmv, catd); the others ignore it.
/// </summary>
public static class VictimCatalog
{
    private static readonly IReadOnlyDictionary<string, Func<long, IAggregator>> SubPac =
        new Dictionary<string, Func<long, IAggregator>>(StringComparer.OrdinalIgnoreCase)
        {
            ["subpac-ds"] = _ => new SubPacDawidSkene(),
            ["subpac-mv"] = _ => new SubPacMajorityVote(),
            ["subpac-wmv"] = seed => new SubPacCrh(seed),
            ["subpac-zencrowd"] = _ => new SubPacZenCrowd(),
            ["catd"] = seed => new Catd(seed),
            ["subpac-glad"] = _ => new SubPacGlad(),
        };

    /// <summary>The SubPac victims in the order of the paper's transfer table (MV, WMV, ZenCrowd, DS, CATD, GLAD).</summary>
    public static IReadOnlyList<string> SubPacNames { get; } = ["subpac-mv", "subpac-wmv", "subpac-zencrowd", "subpac-ds", "catd", "subpac-glad"];

    /// <summary>Every name: the SubPac victims, then ALfc's aggregators.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. SubPacNames, .. AggregatorCatalog.Names];

    public static IAggregator Create(string name, long seed = 0)
    {
        if (SubPac.TryGetValue(name, out var factory)) return factory(seed);
        if (AggregatorCatalog.Names.Contains(name, StringComparer.OrdinalIgnoreCase)) return AggregatorCatalog.Create(name);
        throw new AlfcInputException($"unknown victim '{name}' (known: {string.Join(", ", Names)})");
    }
}
