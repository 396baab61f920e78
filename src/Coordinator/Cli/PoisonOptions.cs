using ALfc.Core;
using ALfc.Core.Poisoning.Victims;

namespace ALfc.Coordinator.Cli;

/// <summary>Parsing shared by the poisoning commands.</summary>
internal static class PoisonOptions
{
    /// <summary>The victims named in a comma-separated list (null: every victim), each checked.</summary>
    public static IReadOnlyList<string> Victims(string? list)
    {
        if (list is null) return VictimCatalog.Names;
        var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0) throw new AlfcInputException("--victims: the list is empty");
        foreach (var name in names)
            if (!VictimCatalog.Names.Contains(name, StringComparer.OrdinalIgnoreCase))
                throw new AlfcInputException($"--victims: unknown victim '{name}' (known: {string.Join(", ", VictimCatalog.Names)})");
        return names.Select(n => n.ToLowerInvariant()).ToList();
    }
}
