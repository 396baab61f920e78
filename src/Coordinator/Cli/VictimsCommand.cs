using System.CommandLine;
using ALfc.Core;
using ALfc.Core.Data.AnswerSets;
using ALfc.Core.Poisoning;
using ALfc.Core.Poisoning.Evaluation;
using ALfc.Core.Poisoning.Victims;

namespace ALfc.Coordinator.Cli;

/// <summary>
/// `alfc victims`: scores any poisoned answer file (the clean answers plus malicious workers, e.g. the authors'
/// released <c>outputPoisonAnswer</c> files, or what `alfc poison --out` wrote) against every victim aggregator. The clean
/// set is a folder (--answers) or named as poison names it (--dataset, e.g. music).
/// </summary>
internal static class VictimsCommand
{
    public static Command Create()
    {
        var answers = new Option<string?>("--answers") { Description = "the clean answer-set folder (answer.csv, truth.csv)" };
        var dataset = new Option<string?>("--dataset") { Description = $"or the clean answer set by the name `alfc poison --dataset` and grids give it: subpac/NAME (DATA/subpac/datasets/NAME) or an ALfc dataset's training answers ({string.Join(", ", Core.Data.DatasetCatalog.Names)})" };
        var data = new Option<string?>("--data") { Description = "data root for --dataset (default: $ALFC_DATA, else ./data)" };
        var poisoned = new Option<string>("--poisoned") { Description = "the poisoned question,worker,answer file made from it", Required = true };
        var victims = new Option<string?>("--victims") { Description = $"comma-separated victims (default: {string.Join(",", VictimCatalog.Names)})" };
        var seed = new Option<long>("--seed") { Description = "seed of the victims' random tie-breaks (subpac-wmv, catd); `alfc poison --seed S` scores with S too", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "print one JSON object" };
        var command = new Command("victims", "score a poisoned answer file against every victim aggregator: clean -> poisoned accuracy, ASR, labels changed")
        {
            answers, dataset, data, poisoned, victims, seed, json,
        };
        command.SetAction(result => CliRunner.Run(() =>
        {
            var load = PoisonOptions.CleanSet(result.GetValue(answers), result.GetValue(dataset), result.GetValue(data));
            var names = PoisonOptions.Victims(result.GetValue(victims));
            var clean = load();
            var set = AnswerSetLoader.LoadPoisoned(clean, result.GetValue(poisoned)!);
            PoisonOptions.WarnAboutTruth(set, result.GetValue(answers) ?? clean.Name);
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
