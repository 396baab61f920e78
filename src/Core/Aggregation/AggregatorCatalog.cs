namespace ALfc.Core.Aggregation;

/// <summary>The registry of aggregators, by name, with their default settings.</summary>
public static class AggregatorCatalog
{
    private static readonly IReadOnlyDictionary<string, Func<IAggregator>> Factories = new Dictionary<string, Func<IAggregator>>(StringComparer.OrdinalIgnoreCase)
    {
        ["mv"] = () => new MajorityVote(),
        ["wmv"] = () => new WeightedMajorityVote(),
        ["ds"] = () => new DawidSkene(),
        ["zencrowd"] = () => new ZenCrowd(),
        ["glad"] = () => new Glad(),
    };

    /// <summary>Names in presentation order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["mv", "wmv", "ds", "zencrowd", "glad"];

    public static IAggregator Create(string name) =>
        Factories.TryGetValue(name, out var factory)
            ? factory()
            : throw new AlfcInputException($"unknown aggregator '{name}' (known: {string.Join(", ", Names)})");
}
