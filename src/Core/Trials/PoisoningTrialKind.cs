using ALfc.Core.Aggregation;
using ALfc.Core.Evaluation;
using ALfc.Core.Poisoning;
using ALfc.Core.Poisoning.Attacks;

namespace ALfc.Core.Trials;

/// <summary>
/// The SubPac kind of trial: poison one answer set with one attack against one substitute (<see cref="PoisoningSpec"/>),
/// then score every victim (<see cref="PoisoningRunner"/>). Runs on the CPU whatever the slot's device: the work is
/// small dense arithmetic on answer tables, not tensors.
/// </summary>
public sealed class PoisoningTrialKind : ITrialKind
{
    public string Name => PoisoningSpec.KindName;

    /// <summary>A stored spec, its victims in the one order <see cref="PoisoningSpec.Create"/> gives them (a store of an earlier ALfc kept them as listed).</summary>
    public ITrialSpec ReadSpec(string json)
    {
        var spec = AlfcJson.Deserialize<PoisoningSpecEnvelope>(json).Spec;
        return spec with { Victims = CanonicalOrder.Of(spec.Victims, Poisoning.Victims.VictimCatalog.Names) };
    }

    public ITrialRecord ReadRecord(string json) => AlfcJson.DeserializeComplete<PoisoningResult>(json);

    public void CheckInputs(ITrialSpec spec, IDatasetSource data)
    {
        var s = Cast(spec);
        var set = data.GetAnswers(s.Answers);
        s.BudgetFor(set);
    }

    /// <summary>A SubPac answer set is read in full (a table of answers, quick to read); an ALfc dataset's folder only has to exist.</summary>
    public void CheckPresent(ITrialSpec spec, string? dataRoot)
    {
        var s = Cast(spec);
        if (s.Answers.StartsWith(Data.AnswerSets.AnswerSetCatalog.SubPacPrefix, StringComparison.Ordinal))
            Data.AnswerSets.AnswerSetCatalog.Load(s.Answers, dataRoot);
        else Data.DatasetCatalog.CheckPresent(s.Answers, new Data.DatasetOptions { DataRoot = dataRoot });
    }

    public ITrialRecord Run(ITrialSpec spec, TrialContext context, CancellationToken cancellation)
    {
        var s = Cast(spec);
        return Execute(s, context.Data.GetAnswers(s.Answers), null, cancellation).Record;
    }

    /// <summary>
    /// Runs <paramref name="s"/> on <paramref name="clean"/> (the set its <see cref="PoisoningSpec.Answers"/> names): what a
    /// slot runs, and what `alfc poison` runs, so the same spec gives the same record either way.
    /// </summary>
    public static (PoisoningResult Record, PoisoningOutcome Outcome) Execute(PoisoningSpec s, Data.AnswerSets.AnswerSet clean,
        IProgress<PoisoningProgress>? progress, CancellationToken cancellation)
    {
        var budget = s.BudgetFor(clean);
        var attack = PoisoningAttackCatalog.Create(s.Attack, s.Substitute, s.SubPac);
        var outcome = PoisoningRunner.Run(clean, attack, budget, Seeds.DeriveInt(s.Seed, "poison"), s.Seed, s.Victims, progress, cancellation);
        // The baselines' own reading of the clean consensus (ties to the highest class), so "against the majority"
        // means the same here as in Flip and greedy collusion.
        var majority = CleanConsensus.Of(clean.Answers, clean.Classes).Majority;
        int against = outcome.Malicious.Triples().Count(t => t.Label != majority[t.Item]);
        var record = new PoisoningResult
        {
            Answers = s.Answers, Attack = s.Attack, Substitute = s.Substitute, MaliciousWorkers = s.MaliciousWorkers,
            Budget = budget.ItemFraction, AverageBudget = s.Budget is null, ItemsPerWorker = budget.ItemsPerWorker(clean.Answers.Items), Seed = s.Seed,
            ConfigHash = TrialIds.Hash(s.CanonicalJson()), Items = clean.Answers.Items,
            MaliciousAnswers = outcome.Malicious.AnswerCount, AgainstMajority = against,
            Victims = outcome.Scores, Workers = outcome.Workers,
            AttackSeconds = outcome.AttackSeconds, EvalSeconds = outcome.EvalSeconds, Versions = TrialRunner.Versions,
        };
        return (record, outcome);
    }

    private static PoisoningSpec Cast(ITrialSpec spec) =>
        spec as PoisoningSpec ?? throw new ArgumentException($"a {spec.Kind} spec given to the {PoisoningSpec.KindName} kind", nameof(spec));

    /// <summary>The canonical JSON's shape: the kind, then the spec.</summary>
    private sealed record PoisoningSpecEnvelope(string Kind, PoisoningSpec Spec);
}
