using ALfc.Core.Training.Methods;

namespace ALfc.Core.Training;

/// <summary>The registry of training methods, by name.</summary>
public static class MethodCatalog
{
    private static readonly IReadOnlyDictionary<string, Func<ITrainingMethod>> Factories = new Dictionary<string, Func<ITrainingMethod>>(StringComparer.OrdinalIgnoreCase)
    {
        ["gt"] = () => new GroundTruthMethod(),
        ["mv"] = () => new MajorityVoteMethod(),
        ["ds"] = () => new DawidSkeneMethod(),
        ["aggnet"] = () => new AggNetMethod(),
        ["crowdlayer"] = () => new CrowdLayerMethod(),
        ["alfc"] = () => new AlfcMethod(),
    };

    /// <summary>Names in presentation order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["gt", "mv", "ds", "aggnet", "crowdlayer", "alfc"];

    public static bool IsKnown(string name) => Factories.ContainsKey(name);

    public static ITrainingMethod Create(string name) =>
        Factories.TryGetValue(name, out var factory)
            ? factory()
            : throw new AlfcInputException($"--method: unknown method '{name}' (known: {string.Join(", ", Names)})");

    /// <summary>Whether the method has an alpha to sweep (A-LFC's weight of natural examples); grids give alphas to these only.</summary>
    public static bool TakesAlpha(string name) => Create(name) is AlfcMethod;
}
