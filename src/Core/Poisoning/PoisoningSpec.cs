using ALfc.Core.Poisoning.Attacks;
using ALfc.Core.Poisoning.Victims;
using ALfc.Core.Data.AnswerSets;
using ALfc.Core.Trials;
using Newtonsoft.Json;

namespace ALfc.Core.Poisoning;

/// <summary>
/// Everything that determines one poisoning trial: the answer set (<see cref="AnswerSetCatalog"/> name), the attack,
/// the substitute it optimises against, M' malicious workers each labelling the fraction <see cref="Budget"/> of the
/// items (null: the mean number of labels per normal worker, the authors' "answerPercent 0" of exp 2), the seed, the
/// victims to score, and SubPac's settings (null for the other attacks, which have none). Its id hashes
/// <see cref="CanonicalJson"/>. Build one with <see cref="Create"/>, which checks every field.
/// </summary>
public sealed record PoisoningSpec(
    string Answers,
    string Attack,
    string Substitute,
    int MaliciousWorkers,
    double? Budget,
    long Seed,
    IReadOnlyList<string> Victims,
    SubPacSettings? SubPac = null) : ITrialSpec
{
    public const string KindName = "poison";

    /// <summary>
    /// The most malicious workers a trial may add (the paper uses 2 and 5): the victims' time grows with them (subpac-glad
    /// alone took 30 s at 500 on temp and 119 s at 2000), so 10,000 ran for many minutes.
    /// </summary>
    public const int MaxMaliciousWorkers = 1_000;

    /// <summary>
    /// Checks and normalises every field; each error is one line naming the option or grid field. <paramref name="answers"/>
    /// is a name as <see cref="AnswerSetCatalog"/> resolves it (grids check that), or a label for a set loaded by hand.
    /// </summary>
    public static PoisoningSpec Create(string answers, string attack, string substitute, int maliciousWorkers, double? budget, long seed,
        IReadOnlyList<string>? victims = null, SubPacSettings? subPac = null)
    {
        attack = attack.ToLowerInvariant();
        substitute = substitute.ToLowerInvariant();
        PoisoningAttackCatalog.Create(attack, substitute, subPac); // checks both names
        if (maliciousWorkers < 1) throw new AlfcInputException($"--malicious: the number of malicious workers must be at least 1, got {maliciousWorkers}");
        if (maliciousWorkers > MaxMaliciousWorkers) throw new AlfcInputException($"--malicious: must be from 1 to {MaxMaliciousWorkers} malicious workers, got {maliciousWorkers}");
        if (budget is { } a) _ = new PoisonBudget(maliciousWorkers, a);
        var names = (victims ?? VictimCatalog.Names).Select(v => v.ToLowerInvariant()).ToList();
        if (names.Count == 0) throw new AlfcInputException("--victims: the list is empty");
        foreach (var v in names) VictimCatalog.Create(v);
        // One order whatever the order given: the victims score the same answers independently, and the id hashes the list.
        return new PoisoningSpec(answers, attack, substitute, maliciousWorkers, budget, seed, CanonicalOrder.Of(names, VictimCatalog.Names), attack == PoisoningAttackCatalog.SubPac ? subPac ?? new SubPacSettings() : null);
    }

    [JsonIgnore] public string Kind => KindName;

    /// <summary>
    /// Repetitions differ by seed only: (answers, attack, budget, substitute and M'). An "average" budget is not known
    /// before the answers are read, so its a is 0 here and its variant says "average".
    /// </summary>
    [JsonIgnore] public TrialGroup Group => new(Kind, Answers, Attack, Budget ?? 0, $"{Substitute}/m{MaliciousWorkers}{(Budget is null ? "/average" : "")}");

    /// <summary>
    /// The budget on <paramref name="set"/>: the fraction given, or, for "average", the normal workers' mean labels
    /// rounded to the nearest whole item, over N. Rounded as the authors' exp 2 counts are (temp 60.8 → 61, rte 48.8 → 49,
    /// sentiment 235.3 → 235), not up.
    /// </summary>
    public PoisonBudget BudgetFor(AnswerSet set) =>
        new(MaliciousWorkers, Budget ?? Math.Clamp(Math.Round((double)set.Answers.AnswerCount / set.Answers.Workers, MidpointRounding.AwayFromZero), 1, set.Answers.Items) / set.Answers.Items);

    public string CanonicalJson() => AlfcJson.Canonical(new { kind = Kind, spec = this });
}
