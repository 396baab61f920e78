using System.CommandLine;
using ALfc.Core;
using ALfc.Core.Data.AnswerSets;
using ALfc.Core.Poisoning;
using ALfc.Core.Poisoning.Evaluation;
using ALfc.Core.Poisoning.Victims;

namespace ALfc.Coordinator.Cli;

/// <summary>
/// `alfc victims`: scores any poisoned answer file (the clean answers plus malicious workers, e.g. the authors'
/// released <c>outputPoisonAnswer</c> files) against every victim aggregator.
/// </summary>
internal static class VictimsCommand
{
    public static Command Create()
    {
        var answers = new Option<string>("--answers") { Description = "the clean answer-set folder (answer.csv, truth.csv)", Required = true };
        var poisoned = new Option<string>("--poisoned") { Description = "the poisoned question,worker,answer file made from it", Required = true };
        var victims = new Option<string?>("--victims") { Description = $"comma-separated victims (default: {string.Join(",", VictimCatalog.Names)})" };
        var seed = new Option<long>("--seed") { Description = "seed of the victims' random tie-breaks (subpac-wmv, catd); `alfc poison --seed S` scores with S too", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "print one JSON object" };
        var command = new Command("victims", "score a poisoned answer file against every victim aggregator: clean -> poisoned accuracy, ASR, labels changed")
        {
            answers, poisoned, victims, seed, json,
        };
        command.SetAction(result => CliRunner.Run(() =>
        {
            var names = PoisonOptions.Victims(result.GetValue(victims));
            var clean = AnswerSetLoader.Load(result.GetValue(answers)!);
            var set = AnswerSetLoader.LoadPoisoned(clean, result.GetValue(poisoned)!);
            PoisonOptions.WarnAboutTruth(set, result.GetValue(answers)!);
            var (scores, workers) = PoisoningRunner.Score(set, names, result.GetValue(seed));
            if (result.GetValue(json))
                Console.WriteLine(AlfcJson.Serialize(new { answers = clean.Name, poisoned = result.GetValue(poisoned), maliciousWorkers = set.MaliciousWorkers, victims = scores,
                    reliability = WorkerReliabilitySummary.Of(workers) }));
            else
            {
                Console.WriteLine($"{clean.Name}: {set.Answers.Items} items, {set.NormalWorkers} normal and {set.MaliciousWorkers} malicious workers, " +
                                  $"{set.MaliciousAnswers().AnswerCount} malicious answers");
                Console.WriteLine(VictimTable.Render(scores, workers));
            }
            return 0;
        }));
        return command;
    }
}
