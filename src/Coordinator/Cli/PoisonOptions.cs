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
        // Case-insensitive names, each scored once (MV,mv is one victim).
        return names.Select(n => n.ToLowerInvariant()).Distinct().ToList();
    }

    /// <summary>
    /// Warns on stderr when <paramref name="set"/> has no known truth: the attack and the labels-changed counts still
    /// stand, but every accuracy and ASR is undefined (shown as -, null in JSON).
    /// </summary>
    public static void WarnIfNoTruth(Core.Data.AnswerSets.AnswerSet set, string folder)
    {
        if (set.KnownTruth == 0)
            Console.Error.WriteLine($"alfc: warning: {Path.Combine(folder, Core.Data.AnswerSets.AnswerSetLoader.TruthFile)}: missing or empty, so accuracies and ASRs are undefined (shown as -); labels changed are still counted");
    }
}
