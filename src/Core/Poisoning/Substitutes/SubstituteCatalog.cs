namespace ALfc.Core.Poisoning.Substitutes;

/// <summary>The registry of SubPac's substitute aggregators, by name (the attacker's model of the unknown victim).</summary>
public static class SubstituteCatalog
{
    private static readonly IReadOnlyDictionary<string, Func<int, ISubstituteAggregator>> Factories =
        new Dictionary<string, Func<int, ISubstituteAggregator>>(StringComparer.OrdinalIgnoreCase)
        {
            ["ds"] = iterations => new DawidSkeneSubstitute(iterations),
            ["zencrowd"] = iterations => new ZenCrowdSubstitute(iterations),
            ["zencrowd-clipped"] = iterations => new ZenCrowdSubstitute(iterations, clipped: true),
            ["mv"] = _ => new MajorityVoteSubstitute(),
            ["wmv"] = _ => new WeightedMajorityVoteSubstitute(),
        };

    /// <summary>
    /// The paper's exp 1 substitute: what <c>alfc poison</c> and a grid block use when none is named, and the one a
    /// baseline (which builds its answers without any) is recorded under, so that its trial id does not depend on the
    /// order of a block's substitutes.
    /// </summary>
    public const string Default = "ds";

    /// <summary>Names in presentation order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["ds", "zencrowd", "mv", "wmv", "zencrowd-clipped"];

    /// <summary>
    /// The victim that runs the substitute's own aggregator as the authors' evaluation does, whose ASR is a poisoning
    /// trial's headline: subpac-ds for ds, and subpac-zencrowd for zencrowd-clipped too (the platform does not clip for
    /// the attacker).
    /// </summary>
    public static string OwnVictim(string substitute) =>
        "subpac-" + (substitute.Equals("zencrowd-clipped", StringComparison.OrdinalIgnoreCase) ? "zencrowd" : substitute.ToLowerInvariant());

    /// <summary>
    /// The substitute <paramref name="name"/>; <paramref name="emIterations"/> is the EM rounds of ds and zencrowd (clipped or not)
    /// (mv has none; wmv keeps the authors' 10 CRH rounds).
    /// </summary>
    public static ISubstituteAggregator Create(string name, int emIterations = 20) =>
        Factories.TryGetValue(name, out var factory)
            ? factory(emIterations)
            : throw new AlfcInputException($"unknown substitute '{name}' (known: {string.Join(", ", Names)})");
}
