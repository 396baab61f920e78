using ALfc.Core.Evaluation;
using ALfc.Core.Poisoning.Evaluation;
using ALfc.Core.Trials;
using Newtonsoft.Json;

namespace ALfc.Core.Poisoning;

/// <summary>
/// The JSON record of one poisoning trial: what ran (answer set, attack, substitute, M', budget a and the items it
/// allows each malicious worker, seed, config hash), how many malicious answers it wrote and how many of them contradict
/// the clean majority, every victim's clean → poisoned accuracy, ASR and labels changed, and every worker's true
/// accuracy and estimated reliability (exp 2). Its headline is the ASR against the victim that matches the
/// substitute (the white-box transfer cell), or the first victim.
/// </summary>
public sealed record PoisoningResult : ITrialRecord
{
    public required string Answers { get; init; }
    public required string Attack { get; init; }
    public required string Substitute { get; init; }
    public required int MaliciousWorkers { get; init; }
    public required double Budget { get; init; }

    /// <summary>
    /// Whether <see cref="Budget"/> was the "average" rule (the normal workers' mean labels over N) rather than a fraction
    /// given; the record then holds the fraction it came to. False in records written before the flag.
    /// </summary>
    public bool AverageBudget { get; init; }
    /// <summary>
    /// The budget ⌈a·N⌉: the most items a malicious worker labels. The baselines and SubPac's exact top-k label exactly
    /// that many; SubPac's threshold enforcement may label fewer, and <see cref="MaliciousAnswers"/> / M' is then what
    /// they labelled on average.
    /// </summary>
    public required int ItemsPerWorker { get; init; }
    public required long Seed { get; init; }
    public required string ConfigHash { get; init; }
    public required int Items { get; init; }
    public required int MaliciousAnswers { get; init; }

    /// <summary>Malicious answers whose label differs from the clean majority vote of the normal workers (<see cref="Attacks.CleanConsensus"/>: ties to the highest class).</summary>
    public required int AgainstMajority { get; init; }

    public required IReadOnlyList<VictimScore> Victims { get; init; }
    public required IReadOnlyList<WorkerReliability> Workers { get; init; }
    public required double AttackSeconds { get; init; }
    public required double EvalSeconds { get; init; }
    public required Dictionary<string, string> Versions { get; init; }
    public string Device { get; init; } = "cpu";

    /// <summary>The victim whose ASR is the headline: subpac-ds for the ds substitute, subpac-mv for mv, subpac-zencrowd for zencrowd and zencrowd-clipped.</summary>
    [JsonIgnore] public string HeadlineVictim =>
        Victims.FirstOrDefault(v => v.Victim == Substitutes.SubstituteCatalog.OwnVictim(Substitute))?.Victim ?? Victims[0].Victim;

    [JsonIgnore] public TrialGroup Group => new(PoisoningSpec.KindName, Answers, Attack, Budget, $"{Substitute}/m{MaliciousWorkers}{(AverageBudget ? "/average" : "")}");

    [JsonIgnore] public RecordSummary Summary => new($"ASR({HeadlineVictim})", Victims.First(v => v.Victim == HeadlineVictim).Asr, null, 0, AttackSeconds, EvalSeconds, WorkName: "attack");

    public double? Asr(string victim) => Victims.FirstOrDefault(v => v.Victim == victim)?.Asr;

    public IEnumerable<(CellKey Key, double Value)> Cells() => [];

    /// <remarks>
    /// An ASR or accuracy may be undefined (NaN, null in JSON): a set without truth, or a victim with no item right on
    /// the clean answers. That is a result, not a failure, so it is stored; only an infinity or no victim is refused.
    /// </remarks>
    public void Validate()
    {
        if (Victims.Count == 0) throw new InvalidTrialRecordException("no victim was scored");
        if (!Attacks.PoisoningAttackCatalog.Names.Contains(Attack)) throw new InvalidTrialRecordException($"unknown attack '{Attack}'");
        if (!Substitutes.SubstituteCatalog.Names.Contains(Substitute)) throw new InvalidTrialRecordException($"unknown substitute '{Substitute}'");
        if (!(Budget is > 0 and <= 1)) throw new InvalidTrialRecordException($"budget {Budget} is not a fraction in (0, 1]");
        if (MaliciousWorkers < 1 || ItemsPerWorker < 1 || Items < 1) throw new InvalidTrialRecordException("the malicious workers, their items or the answer set's items are not counted");
        foreach (var v in Victims)
        {
            // A stored record edited by hand is refused as damage: a victim this build does not know, or one listed
            // twice, crashed the report's tables; a rate outside [0, 1] would be reported as a result.
            if (!ALfc.Core.Poisoning.Victims.VictimCatalog.Names.Contains(v.Victim)) throw new InvalidTrialRecordException($"unknown victim '{v.Victim}'");
            if (Victims.Count(x => x.Victim == v.Victim) > 1) throw new InvalidTrialRecordException($"victim '{v.Victim}' is scored twice");
            InvalidTrialRecordException.RequireFraction(v.Asr, $"{v.Victim} ASR", undefinedAllowed: true);
            InvalidTrialRecordException.RequireFraction(v.CleanAccuracy, $"{v.Victim} clean accuracy", undefinedAllowed: true);
            InvalidTrialRecordException.RequireFraction(v.PoisonedAccuracy, $"{v.Victim} poisoned accuracy", undefinedAllowed: true);
        }
    }
}
