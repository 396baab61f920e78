using System.Diagnostics;
using ALfc.Core.Data;
using ALfc.Core.Data.AnswerSets;
using ALfc.Core.Poisoning.Evaluation;
using ALfc.Core.Poisoning.Victims;

namespace ALfc.Core.Poisoning;

/// <summary>
/// One poisoning experiment end to end, as `alfc poison`, the poisoning trial kind and `alfc bench` all run it: build
/// the attack on the normal answers alone (the attacker never sees the truth or the victims), join the malicious
/// answers after the normal ones, score every victim on clean and poisoned answers, and measure the workers'
/// reliability as one victim estimates it (exp 2).
/// </summary>
public static class PoisoningRunner
{
    /// <summary>The victim whose worker estimates exp 2 reports: the authors' Dawid-Skene (c_EM).</summary>
    public const string ReliabilityVictim = "subpac-ds";

    /// <summary>
    /// Builds <paramref name="attack"/> with <paramref name="attackSeed"/> and scores it with <paramref name="victimSeed"/>
    /// (the victims' tie-breaks), kept apart so that `alfc victims --seed S` on the written file reproduces what
    /// `alfc poison --seed S` printed, whatever stream the attack derives from S.
    /// </summary>
    public static PoisoningOutcome Run(AnswerSet clean, IPoisoningAttack attack, PoisonBudget budget, int attackSeed, long victimSeed,
        IReadOnlyList<string> victims, IProgress<PoisoningProgress>? progress = null, CancellationToken cancel = default)
    {
        if (clean.MaliciousWorkers != 0) throw new ArgumentException("the answer set is already poisoned", nameof(clean));
        // The poisoned matrix has a column per malicious worker too; refused before the attack spends any time.
        AnswerMatrix.CheckSize(clean.Answers.Items, clean.Answers.Workers + (long)budget.MaliciousWorkers, "--malicious");
        var watch = Stopwatch.StartNew();
        var malicious = attack.Build(clean.Answers, clean.Classes, budget, attackSeed, progress, cancel);
        double attackSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var poisoned = clean.WithMalicious(malicious);
        var (scores, workers) = Score(poisoned, victims, victimSeed, cancel);
        return new PoisoningOutcome(poisoned, malicious, scores, workers, attackSeconds, watch.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Scores a poisoned set (normal workers first): every victim's clean → poisoned numbers, and every worker's true
    /// accuracy with its reliability as <see cref="ReliabilityVictim"/> estimates it. <paramref name="seed"/> feeds the
    /// victims' random tie-breaks. What `alfc victims` prints for any poisoned file.
    /// </summary>
    public static (IReadOnlyList<VictimScore> Scores, IReadOnlyList<WorkerReliability> Workers) Score(AnswerSet poisoned, IReadOnlyList<string> victims,
        long seed, CancellationToken cancel = default)
    {
        var scores = VictimEvaluator.Evaluate(poisoned, victims.Select(v => VictimCatalog.Create(v, seed)), cancel);
        var fitted = VictimCatalog.Create(ReliabilityVictim, seed).Aggregate(poisoned.Answers, poisoned.Classes);
        return (scores, WorkerReliabilityAnalysis.Compute(poisoned, fitted));
    }
}

/// <summary>What <see cref="PoisoningRunner.Run"/> produced: the poisoned set, the malicious answers alone, every victim's score, every worker's reliability, and the seconds spent attacking and scoring.</summary>
public sealed record PoisoningOutcome(AnswerSet Poisoned, AnswerMatrix Malicious, IReadOnlyList<VictimScore> Scores,
    IReadOnlyList<WorkerReliability> Workers, double AttackSeconds, double EvalSeconds);
