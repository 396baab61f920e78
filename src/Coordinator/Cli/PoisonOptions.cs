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
        // Case-insensitive names, each scored once (MV,mv is one victim), in the catalog's order as poison's trials list them.
        return Core.CanonicalOrder.Of(names, VictimCatalog.Names);
    }

    /// <summary>
    /// The clean answer set that <paramref name="answers"/> (a folder) or <paramref name="dataset"/> (any name a grid's
    /// "answers" takes, with <paramref name="data"/> its root) names, checked but not yet read: reading it may take a
    /// while, so every other option is checked first. Exactly one of the two must be given.
    /// </summary>
    public static Func<Core.Data.AnswerSets.AnswerSet> CleanSet(string? answers, string? dataset, string? data) =>
        (answers, dataset) switch
        {
            ({ } folder, null) => data is null
                ? () => Core.Data.AnswerSets.AnswerSetLoader.Load(folder)
                // --answers names its folder itself; a --data beside it would be ignored without a word.
                : throw new AlfcInputException("--data: applies to --dataset only; --answers names its folder itself"),
            // Any name a grid's "answers" takes (an ALfc dataset, or subpac/NAME under the data root), so that the
            // record's config, and its hash, are the ones a sweep trial of the same settings has.
            (null, { } name) => Core.Data.AnswerSets.AnswerSetCatalog.IsValidName(name)
                ? () => Core.Data.AnswerSets.AnswerSetCatalog.Load(name, Core.Data.DatasetOptions.CheckDataRoot(data))
                : throw new AlfcInputException($"--dataset: unknown dataset '{name}' (expected {Core.Data.AnswerSets.AnswerSetCatalog.Expected})"),
            (null, null) => throw new AlfcInputException("give --answers DIR or --dataset NAME"),
            _ => throw new AlfcInputException("give either --answers or --dataset, not both"),
        };

    /// <summary>
    /// Warns on stderr when <paramref name="set"/> has no known truth (the attack and the labels-changed counts still
    /// stand, but every accuracy and ASR is undefined: -, null in JSON), truth for only some questions, or true labels
    /// no worker gave.
    /// </summary>
    public static void WarnAboutTruth(Core.Data.AnswerSets.AnswerSet set, string folder)
    {
        string truthFile = Path.Combine(folder, Core.Data.AnswerSets.AnswerSetLoader.TruthFile);
        int items = set.Answers.Items;
        if (set.KnownTruth == 0)
            Console.Error.WriteLine(set.TruthWithoutAnswers > 0
                ? $"alfc: warning: {truthFile}: no truth for any question that has answers, so accuracies and ASRs are undefined (shown as -); labels changed are still counted"
                : $"alfc: warning: {truthFile}: missing or empty, so accuracies and ASRs are undefined (shown as -); labels changed are still counted");
        else if (set.KnownTruth < items)
            Console.Error.WriteLine($"alfc: warning: {truthFile}: truth for {set.KnownTruth} of the {items} questions; accuracies and ASRs are over those, labels changed over all");
        if (set.TruthWithoutAnswers > 0)
            Console.Error.WriteLine($"alfc: warning: {truthFile}: truth for {set.TruthWithoutAnswers} question(s) with no answers in {Core.Data.AnswerSets.AnswerSetLoader.AnswerFile}; set aside (no victim labels them)");
        if (set.TruthOutsideClasses > 0)
            Console.Error.WriteLine($"alfc: warning: {truthFile}: {set.TruthOutsideClasses} true label(s) that no worker gave; those questions count as wrong for every victim (the classes come from the answers)");
    }
}
