namespace ALfc.Core;

/// <summary>
/// The one spelling and order of a set-like list in a trial's config (its attacks, eps, victims). A trial's id hashes
/// its config, and what such a list does is independent of its order (every attack × eps cell draws its own derived
/// seed; every victim scores the same answers), so ["pgd", "fgsm"] and ["fgsm", "pgd"] must be one trial, not two ids
/// and a second run of work already done.
/// </summary>
public static class CanonicalOrder
{
    /// <summary>
    /// The names spelt as in <paramref name="catalog"/> (matched in any case), each once, in its order; names it does not
    /// know follow in their given order, for validation to refuse by name.
    /// </summary>
    public static IReadOnlyList<string> Of(IEnumerable<string> names, IReadOnlyList<string> catalog)
    {
        var given = names.Select(n => catalog.FirstOrDefault(c => string.Equals(c, n, StringComparison.OrdinalIgnoreCase)) ?? n)
            .Distinct(StringComparer.Ordinal).ToList();
        return [.. catalog.Where(given.Contains), .. given.Where(n => !catalog.Contains(n))];
    }

    /// <summary>Numbers ascending, each once.</summary>
    public static IReadOnlyList<double> Of(IEnumerable<double> values) => [.. values.Distinct().Order()];
}
