using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ALfc.Core.Aggregation;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ALfc.Coordinator.Cli;

/// <summary>`alfc aggregate`: every aggregator's accuracy against gold on the training items.</summary>
internal static class AggregateCommand
{
    public static Command Create()
    {
        var options = new DatasetOptionSet();
        var json = new Option<bool>("--json") { Description = "print one JSON object" };
        var command = new Command("aggregate", "run every label aggregator and score it against gold on the training items");
        options.AddTo(command, withFeatures: false); // aggregators read the labels only
        command.Options.Add(json);
        command.SetAction(result => CliRunner.Run(() =>
        {
            var data = options.Load(result);
            var rows = new JObject();
            var lines = new List<string> { $"{"aggregator",-10} {"accuracy",8} {"iterations",10} {"ms",7}" };
            foreach (var name in AggregatorCatalog.Names)
            {
                var watch = Stopwatch.StartNew();
                var outcome = AggregatorCatalog.Create(name).Aggregate(data.Answers, data.Classes);
                var accuracy = outcome.Accuracy(data.TrainGold);
                rows[name] = new JObject { ["accuracy"] = Math.Round(accuracy, 6), ["iterations"] = outcome.Iterations };
                lines.Add($"{name,-10} {accuracy.ToString("0.0000", CultureInfo.InvariantCulture),8} {outcome.Iterations,10} {watch.ElapsedMilliseconds,7}");
            }
            if (result.GetValue(json))
                Console.WriteLine(new JObject { ["dataset"] = data.Name, ["aggregators"] = rows }.ToString(Formatting.Indented));
            else
            {
                Console.WriteLine($"{data.Name}: {data.TrainFeatures.Rows} items, {data.Workers} workers, {data.Answers.AnswerCount} answers");
                lines.ForEach(Console.WriteLine);
            }
            return 0;
        }));
        return command;
    }
}
