using System.CommandLine;
using System.Globalization;
using ALfc.Core;
using ALfc.Core.Data;
using ALfc.Core.Data.AnswerSets;
using ALfc.Core.Poisoning;
using ALfc.Core.Poisoning.Attacks;
using ALfc.Core.Poisoning.Substitutes;
using ALfc.Core.Trials;

namespace ALfc.Coordinator.Cli;

/// <summary>
/// `alfc poison`: build one data-poisoning attack (SubPac or a baseline) on a crowd answer set, optionally write the
/// poisoned answers, and score every victim: clean → poisoned accuracy, ASR, labels changed. Runs exactly what a
/// poisoning trial of a sweep runs (<see cref="PoisoningTrialKind.Execute"/>), so the same options give the same numbers.
/// </summary>
internal static class PoisonCommand
{
    public static Command Create()
    {
        var answers = new Option<string?>("--answers") { Description = "answer-set folder (answer.csv: question,worker,answer; truth.csv: question,truth)" };
        var dataset = new Option<string?>("--dataset") { Description = $"or an answer set by the name a grid gives it: subpac/NAME (DATA/subpac/datasets/NAME) or an ALfc dataset's training answers ({string.Join(", ", DatasetCatalog.Names)})" };
        var data = new Option<string?>("--data") { Description = "data root for --dataset (default: $ALFC_DATA, else ./data)" };
        var attack = new Option<string>("--attack") { Description = $"poisoning attack: {string.Join(", ", PoisoningAttackCatalog.Names)}", DefaultValueFactory = _ => PoisoningAttackCatalog.SubPac };
        var substitute = new Option<string>("--substitute") { Description = $"the attacker's substitute aggregator: {string.Join(", ", SubstituteCatalog.Names)}", DefaultValueFactory = _ => SubstituteCatalog.Default };
        var malicious = new Option<int>("--malicious") { Description = "M', the number of colluding malicious workers", DefaultValueFactory = _ => 5 };
        var budget = new Option<string>("--budget") { Description = "a in (0, 1]: the fraction of the items each malicious worker labels; or 'average', the normal workers' mean labels (exp 2)", DefaultValueFactory = _ => "0.5" };
        var seed = new Option<long>("--seed") { Description = "fixes every random choice of the attack and the victims' tie-breaks", DefaultValueFactory = _ => 0 };
        var victims = new Option<string?>("--victims") { Description = "comma-separated victims to score (default: every one)" };
        var subpac = new Option<string?>("--subpac") { Description = "SubPac settings as key=value,... over the defaults (e.g. lambda=0.05,rounds=20,budget=threshold), or 'paper' for the literal formulation" };
        var output = new Option<string?>("--out") { Description = "write the poisoned answers here (question,worker,answer; normal answers first); must not exist yet" };
        var json = new Option<bool>("--json") { Description = "print the trial's JSON record instead of the table" };
        var command = new Command("poison", "poison a crowd answer set with colluding malicious workers (SubPac or a baseline) and score every victim aggregator")
        {
            answers, dataset, data, attack, substitute, malicious, budget, seed, victims, subpac, output, json,
        };
        command.SetAction((result, cancellation) => CliRunner.RunCancellable(() =>
        {
            // Every option is checked before anything is loaded, run or written.
            var set = PoisonOptions.CleanSet(result.GetValue(answers), result.GetValue(dataset), result.GetValue(data));
            var spec = PoisoningSpec.Create(result.GetValue(answers) ?? result.GetValue(dataset)!, result.GetValue(attack)!, result.GetValue(substitute)!,
                result.GetValue(malicious), ParseBudget(result.GetValue(budget)!), result.GetValue(seed), PoisonOptions.Victims(result.GetValue(victims)),
                SubPacSettingsText.Parse(result.GetValue(subpac), "--subpac"));
            // The baselines build their answers without a substitute: one named for them would only give the same attack another id.
            if (result.GetResult(substitute) is { Implicit: false } && !PoisoningAttackCatalog.UsesSubstitute(spec.Attack))
                throw new AlfcInputException($"--substitute: applies to --attack subpac only; '{spec.Attack}' builds its answers without a substitute");
            if (result.GetValue(subpac) is not null && spec.SubPac is null)
                throw new AlfcInputException($"--subpac: SubPac settings apply to --attack subpac only, not '{spec.Attack}'");
            var clean = set();
            // The output file is claimed now, so an unwritable folder is found before the attack, not after it.
            var outPath = result.GetValue(output);
            using var pending = outPath is null ? null : OutFile.Reserve(outPath);
            // Only once every input is accepted, so a refusal is the one line it should be.
            PoisonOptions.WarnAboutTruth(clean, result.GetValue(answers) ?? clean.Name);
            spec = spec with { Answers = clean.Name };
            var (record, outcome) = ProgressLine<PoisoningProgress>.Run($"{spec.Attack} on {clean.Name}",
                p => (p.Rounds == 0 ? 0 : (p.Round - 1 + (p.Steps == 0 ? 1.0 : (double)p.Step / p.Steps)) , Math.Max(1, p.Rounds),
                    double.IsNaN(p.Loss) ? $"round {p.Round}/{p.Rounds}" : string.Create(CultureInfo.InvariantCulture, $"round {p.Round}/{p.Rounds}, step {p.Step}/{p.Steps}, loss {p.Loss:0.0000}")),
                progress => PoisoningTrialKind.Execute(spec, clean, progress, cancellation));
            if (result.GetValue(json)) Console.WriteLine(AlfcJson.Serialize(record));
            else
            {
                Console.WriteLine(Header(record, clean));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{record.MaliciousAnswers} malicious answers, {record.AgainstMajority} against the clean majority; attack built in {record.AttackSeconds:0.0} s, victims scored in {record.EvalSeconds:0.0} s"));
                Console.WriteLine(VictimTable.Render(record.Victims, record.Workers));
            }
            // The scores are printed before the file is moved into place: if a file appeared at --out meanwhile (left as
            // it is, with the answers kept in the hidden file the error names), the attack's results are not lost too.
            if (pending is not null)
            {
                pending.Commit(AnswerSetWriter.Format(clean, outcome.Malicious));
                if (!result.GetValue(json)) Console.WriteLine($"poisoned answers written to {outPath}");
            }
            return 0;
        }));
        return command;
    }

    /// <summary>The first line of the scores: the set, the attack's size and budget, its substitute and seed.</summary>
    internal static string Header(PoisoningResult record, AnswerSet clean)
    {
        var a = record.Budget >= 0.001 ? record.Budget.ToString("0.###", CultureInfo.InvariantCulture) : record.Budget.ToString("G3", CultureInfo.InvariantCulture);
        var budget = LabelledFewer(record) ? $"budget {record.ItemsPerWorker}, a = {a}" : $"a = {a}";
        var substitute = PoisoningAttackCatalog.UsesSubstitute(record.Attack) ? $"substitute {record.Substitute}" : "no substitute";
        return $"{record.Attack} on {clean.Name} ({record.Items} items, {clean.Answers.Workers} workers, {clean.Classes} classes): " +
               $"{Counted.Of(record.MaliciousWorkers, "malicious worker")} x {ItemsLabelled(record)} ({budget}), {substitute}, seed {record.Seed}";
    }

    /// <summary>
    /// The items each malicious worker labelled: the budget ⌈a·N⌉, or, when they labelled fewer (SubPac's threshold
    /// enforcement keeps only the items whose selection passed 0.5, which may be fewer than the budget), the mean they
    /// labelled (the header then gives the budget beside a).
    /// </summary>
    internal static string ItemsLabelled(PoisoningResult record) => LabelledFewer(record)
        ? string.Create(CultureInfo.InvariantCulture, $"{(double)record.MaliciousAnswers / record.MaliciousWorkers:0.#} item{(record.MaliciousAnswers == record.MaliciousWorkers ? "" : "s")} on average")
        : Counted.Of(record.ItemsPerWorker, "item");

    private static bool LabelledFewer(PoisoningResult record) => record.MaliciousAnswers < (long)record.MaliciousWorkers * record.ItemsPerWorker;

    /// <summary>A budget as given: a number in (0, 1], or 'average' (null: the normal workers' mean labels).</summary>
    internal static double? ParseBudget(string text)
    {
        if (text.Trim().Equals("average", StringComparison.OrdinalIgnoreCase)) return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var a))
            throw new AlfcInputException($"--budget: '{text}' is not a number in (0, 1] or 'average'");
        if (!(a > 0 && a <= 1)) throw new AlfcInputException($"--budget: the fraction of items per malicious worker must be in (0, 1], got {text}");
        return a;
    }
}
