namespace ALfc.Core.Attacks;

/// <summary>The registry of evaluation attacks, by name, each with the A-LFC test setting (10 steps of eps/4 where iterative).</summary>
public static class AttackCatalog
{
    private delegate AttackBase Factory(double epsilon, bool pgdRandomStart, (double Low, double High)? clamp);

    private static readonly IReadOnlyDictionary<string, Factory> Factories = new Dictionary<string, Factory>(StringComparer.OrdinalIgnoreCase)
    {
        ["fgsm"] = (eps, _, clamp) => new Fgsm(eps, clamp),
        ["pgd"] = (eps, randomStart, clamp) => new Pgd(eps, randomStart: randomStart, clamp: clamp),
        ["cw-margin"] = (eps, _, clamp) => new CwMargin(eps, clamp: clamp),
        ["mim"] = (eps, _, clamp) => new Mim(eps, clamp: clamp),
    };

    /// <summary>Names in the paper's column order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["fgsm", "pgd", "cw-margin", "mim"];

    public static bool IsKnown(string name) => Factories.ContainsKey(name);

    /// <summary>
    /// Builds an attack at <paramref name="epsilon"/>. <paramref name="pgdRandomStart"/> chooses the
    /// paper's PGD (random start, the default) or the authors' code (start at x).
    /// </summary>
    public static AttackBase Create(string name, double epsilon, bool pgdRandomStart = true, (double Low, double High)? clamp = null) =>
        Factories.TryGetValue(name, out var factory)
            ? factory(epsilon, pgdRandomStart, clamp)
            : throw new AlfcInputException($"unknown attack '{name}' (known: {string.Join(", ", Names)})");
}
