using System.Globalization;
using ALfc.Core;
using ALfc.Core.Data.AnswerSets;
using ALfc.Core.Poisoning;
using ALfc.Core.Poisoning.Attacks;
using ALfc.Core.Poisoning.Substitutes;
using ALfc.Core.Poisoning.Victims;
using ALfc.Core.Trials;
using Newtonsoft.Json.Linq;

namespace ALfc.Coordinator.Sweeps;

/// <summary>
/// One block of a grid's "poisoning" list: poisoning trials over answer sets × attacks × substitutes × M' × budgets,
/// one per repetition seed (the grid's "repetitions" and "baseSeed"). A trial is (answer set, attack, substitute, M',
/// a, seed), its id the hash of that config (<see cref="PoisoningSpec"/>).
/// <code>
/// { "answers": ["subpac/temp", "subpac/rte"], "attacks": ["subpac", "flip"], "substitutes": ["ds"], "malicious": [5],
///   "budgets": [0.1, 0.5, "average"], "victims": ["subpac-ds", "subpac-mv"], "subpac": { "rounds": 10 } }
/// </code>
/// "substitutes" (default ["ds"]; only subpac is planned under each, the baselines once, under ds), "malicious" (default [5]), "victims" (default: every victim) and "subpac" (SubPac's
/// settings over its defaults, or "paper") are optional; "average" is the normal workers' mean labels (exp 2).
/// </summary>
public sealed record PoisoningBlock(
    IReadOnlyList<string> Answers,
    IReadOnlyList<string> Attacks,
    IReadOnlyList<string> Substitutes,
    IReadOnlyList<int> Malicious,
    IReadOnlyList<double?> Budgets,
    IReadOnlyList<string> Victims,
    SubPacSettings? SubPac)
{
    private static readonly string[] Fields = ["answers", "attacks", "substitutes", "malicious", "budgets", "victims", "subpac"];

    /// <summary>The block's SubPac settings; an error in them names the grid file like every other grid error.</summary>
    private static SubPacSettings Settings(JObject settings, string field, Func<string, string, AlfcInputException> error)
    {
        try
        {
            return SubPacSettingsText.FromJson(settings, field);
        }
        catch (AlfcInputException e) when (e.Message.StartsWith(field + ": ", StringComparison.Ordinal))
        {
            throw error(field, e.Message[(field.Length + 2)..]);
        }
    }

    public static PoisoningBlock Read(JToken token, string prefix, Func<string, string, AlfcInputException> error)
    {
        if (token is not JObject o) throw error(prefix.TrimEnd('.'), "must be an object");
        foreach (var property in o.Properties())
            if (!Fields.Contains(property.Name)) throw error(prefix + property.Name, $"unknown field (known: {string.Join(", ", Fields)})");
        var answers = Once(Texts(o, "answers", null, prefix, error), $"{prefix}answers", error);
        for (int i = 0; i < answers.Count; i++)
            if (!AnswerSetCatalog.IsValidName(answers[i])) throw error($"{prefix}answers[{i}]", $"unknown answer set '{answers[i]}' (expected {AnswerSetCatalog.Expected})");
        var attackNames = Texts(o, "attacks", null, prefix, error);
        for (int i = 0; i < attackNames.Count; i++)
            if (attackNames[i].Equals("tia", StringComparison.OrdinalIgnoreCase)) throw error($"{prefix}attacks[{i}]", PoisoningAttackCatalog.TiaNotBuilt);
        var attacks = Known(Once(attackNames, $"{prefix}attacks", error), PoisoningAttackCatalog.Names, "attack", $"{prefix}attacks", error);
        // Settings no attack of the block reads would be dropped without a word, as `poison --subpac` with flip is refused.
        if (o["subpac"] is { Type: not JTokenType.Null } && !attacks.Contains(PoisoningAttackCatalog.SubPac))
            throw error($"{prefix}subpac", $"SubPac settings, but the block's attacks ({string.Join(", ", attacks)}) do not include subpac");
        var substitutes = Known(Once(Texts(o, "substitutes", [SubstituteCatalog.Default], prefix, error), $"{prefix}substitutes", error), SubstituteCatalog.Names, "substitute", $"{prefix}substitutes", error);
        var victims = Known(Texts(o, "victims", VictimCatalog.Names, prefix, error), VictimCatalog.Names, "victim", $"{prefix}victims", error);
        var malicious = List(o, "malicious", [new JValue(5)], prefix, error).Select((t, i) =>
            t.Type == JTokenType.Integer && t.Value<long>() is >= 1 and <= PoisoningSpec.MaxMaliciousWorkers ? (int)t.Value<long>()
                : throw error($"{prefix}malicious[{i}]", $"{t.ToString(Newtonsoft.Json.Formatting.None)} is not a whole number of malicious workers from 1 to {PoisoningSpec.MaxMaliciousWorkers}")).ToList();
        Once(malicious.Select(m => m.ToString(CultureInfo.InvariantCulture)).ToList(), $"{prefix}malicious", error);
        var budgets = List(o, "budgets", null, prefix, error).Select((t, i) => t switch
        {
            { Type: JTokenType.String } when string.Equals(t.Value<string>(), "average", StringComparison.OrdinalIgnoreCase) => (double?)null,
            { Type: JTokenType.Float or JTokenType.Integer } when t.Value<double>() is > 0 and <= 1 => t.Value<double>(),
            _ => throw error($"{prefix}budgets[{i}]", $"{t.ToString(Newtonsoft.Json.Formatting.None)} is not a fraction in (0, 1] or \"average\""),
        }).ToList();
        Once(budgets.Select(b => b?.ToString("R", CultureInfo.InvariantCulture) ?? "average").ToList(), $"{prefix}budgets", error);
        SubPacSettings? subPac = o["subpac"] switch
        {
            null or { Type: JTokenType.Null } => null,
            JValue { Type: JTokenType.String } v when v.Value<string>() == "paper" => SubPacSettings.Paper,
            JObject settings => Settings(settings, $"{prefix}subpac", error),
            _ => throw error($"{prefix}subpac", "must be an object of SubPac settings or \"paper\""),
        };
        return new PoisoningBlock(answers, attacks, substitutes, malicious, budgets, victims, subPac);
    }

    /// <summary>The block's trials for repetitions 0..<paramref name="repetitions"/>-1, seeds baseSeed + r.</summary>
    public IEnumerable<PlannedTrial> Expand(int repetitions, long baseSeed)
    {
        foreach (var answers in Answers)
            foreach (var attack in Attacks)
                // An attack that uses no substitute computes the same answers under every one: planned once, under ds
                // whatever the block lists, so that its id (a hash of the config) does not depend on the list's order
                // and matches `alfc poison`'s. The report plots it beside subpac under every substitute.
                foreach (var substitute in PoisoningAttackCatalog.UsesSubstitute(attack) ? Substitutes : [SubstituteCatalog.Default])
                    foreach (var m in Malicious)
                        foreach (var budget in Budgets)
                            for (int r = 0; r < repetitions; r++)
                                yield return PlannedTrial.Of(PoisoningSpec.Create(answers, attack, substitute, m, budget, baseSeed + r, Victims, SubPac), r);
    }

    /// <summary>
    /// Refuses a value listed twice (in any case), as a training grid does: the trial it names is planned once, so the
    /// second was a slip (another value meant?), and merging it without a word hid that. Victims are the exception: they
    /// are a set of columns, merged as <c>poison --victims</c> merges them.
    /// </summary>
    private static IReadOnlyList<string> Once(IReadOnlyList<string> values, string field, Func<string, string, AlfcInputException> error)
    {
        for (int i = 1; i < values.Count; i++)
            if (values.Take(i).Contains(values[i], StringComparer.OrdinalIgnoreCase)) throw error($"{field}[{i}]", $"'{values[i]}' is given twice");
        return values;
    }

    private static IReadOnlyList<string> Known(IReadOnlyList<string> values, IReadOnlyList<string> known, string what, string field, Func<string, string, AlfcInputException> error)
    {
        for (int i = 0; i < values.Count; i++)
            if (!known.Contains(values[i], StringComparer.OrdinalIgnoreCase))
                throw error($"{field}[{i}]", $"unknown {what} '{values[i]}' (known: {string.Join(", ", known)})");
        // Case-insensitive names, each once, as `poison --victims` takes them: ["mv", "MV"] is one victim, not two rows per trial.
        return values.Select(v => v.ToLowerInvariant()).Distinct().ToList();
    }

    private static IReadOnlyList<string> Texts(JObject o, string field, IReadOnlyList<string>? fallback, string prefix, Func<string, string, AlfcInputException> error) =>
        o[field] is null && fallback is not null ? fallback
            : List(o, field, null, prefix, error).Select((t, i) => t.Type == JTokenType.String ? t.Value<string>()! : throw error($"{prefix}{field}[{i}]", "must be a string")).ToList();

    private static IReadOnlyList<JToken> List(JObject o, string field, IReadOnlyList<JToken>? fallback, string prefix, Func<string, string, AlfcInputException> error) =>
        o[field] switch
        {
            null => fallback ?? throw error(prefix + field, "missing (required)"),
            JArray { Count: 0 } => throw error(prefix + field, "the list is empty"),
            JArray array => array.ToList(),
            _ => throw error(prefix + field, "must be a list"),
        };
}
