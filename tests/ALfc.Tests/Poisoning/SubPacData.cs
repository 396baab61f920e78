using System.Collections.Concurrent;
using ALfc.Core.Data.AnswerSets;

namespace ALfc.Tests.Poisoning;

/// <summary>The SubPac release under the shared data (ALFC_DATA honoured): clean sets loaded once per run, poisoned files on demand.</summary>
internal static class SubPacData
{
    public static string Root { get; } = Path.Combine(TestPaths.SharedData, "subpac");

    public static bool Available => Directory.Exists(Path.Combine(Root, "datasets"));

    private static readonly ConcurrentDictionary<string, Lazy<AnswerSet>> Clean = new();

    public static AnswerSet CleanSet(string dataset) =>
        Clean.GetOrAdd(dataset, name => new Lazy<AnswerSet>(() => AnswerSetLoader.Load(Path.Combine(Root, "datasets", name)))).Value;

    /// <summary>A released poisoned file: <c>outputPoisonAnswer/&lt;ds&gt;/&lt;attack&gt;/&lt;substitute&gt;/mW_5-answerPercent_&lt;a&gt;-knowPercent_1.0-s_1.csv</c>.</summary>
    public static AnswerSet Poisoned(string dataset, string attack, string substitute, string answerPercent = "0.5", int workers = 5) =>
        AnswerSetLoader.LoadPoisoned(CleanSet(dataset), Path.Combine(Root, "outputPoisonAnswer", dataset, attack, substitute,
            $"mW_{workers}-answerPercent_{answerPercent}-knowPercent_1.0-s_1.csv"));
}

/// <summary>A fact that needs the SubPac release (shared data/subpac): skipped with the path when it is absent.</summary>
public sealed class SubPacDataFactAttribute : FactAttribute
{
    public SubPacDataFactAttribute()
    {
        if (!SubPacData.Available) Skip = $"SubPac data not found at {SubPacData.Root} (set ALFC_DATA to the shared data folder)";
    }
}

/// <summary>A theory that needs the SubPac release; skipped with the path when it is absent.</summary>
public sealed class SubPacDataTheoryAttribute : TheoryAttribute
{
    public SubPacDataTheoryAttribute()
    {
        if (!SubPacData.Available) Skip = $"SubPac data not found at {SubPacData.Root} (set ALFC_DATA to the shared data folder)";
    }
}
