using System.CommandLine;
using System.Globalization;
using ALfc.Core;
using ALfc.Core.Data;
using ALfc.Core.Evaluation;
using ALfc.Core.Models;
using ALfc.Core.Training;
using Newtonsoft.Json.Linq;

namespace ALfc.Coordinator.Cli;

/// <summary>
/// `alfc bench`: times one full trial (train + white/black-box evaluation) per method on each dataset and
/// prints seconds per trial and training epochs per second, with the machine's core count and libtorch's threads.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var data = new DatasetOptionSet();
        var trial = new TrialOptionSet();
        var datasets = new Option<string>("--datasets") { Description = "comma-separated datasets to time", DefaultValueFactory = _ => "music,labelme,sentiment" };
        var methods = new Option<string>("--methods") { Description = "comma-separated methods to time", DefaultValueFactory = _ => string.Join(",", MethodCatalog.Names) };
        var json = new Option<bool>("--json") { Description = "print one JSON object" };
        var command = new Command("bench", "time one trial per method on each dataset (seconds per trial, epochs per second)");
        data.AddTo(command);
        command.Options.Remove(data.Dataset);
        command.Options.Add(datasets);
        command.Options.Add(methods);
        trial.AddTo(command);
        command.Options.Add(json);
        command.SetAction((result, cancellation) => Task.FromResult(CliRunner.Run(() =>
        {
            var device = trial.DeviceOf(result);
            var methodNames = result.GetValue(methods)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var datasetNames = result.GetValue(datasets)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var options = data.Options(result);
            // Every spec is built (and so every option checked) before anything prints or trains.
            var specs = datasetNames.ToDictionary(d => d, d => methodNames.Select(m => trial.Spec(result, d, m, options.Scaling, options.LsaDimensions)).ToList());
            var training = specs.Values.First().First().Training;
            var rows = new JArray();
            int threads = TorchSharp.torch.get_num_threads();
            var header = $"{Environment.ProcessorCount} cores, libtorch threads {threads}, device {ComputeDevice.Name(device)}, {training.Epochs} epochs, schedule {training.Schedule.ToString().ToLowerInvariant()}";
            if (!result.GetValue(json))
            {
                Console.WriteLine(header);
                Console.WriteLine("| dataset | method | train s | epochs/s | eval s | trial s |");
                Console.WriteLine("|---|---|---|---|---|---|");
            }
            foreach (var (name, datasetSpecs) in specs)
            {
                var dataset = DatasetCatalog.Load(name, options);
                foreach (var spec in datasetSpecs)
                {
                    var method = spec.Method;
                    var record = TrialRunner.Run(spec, dataset, device, null, cancellation);
                    double epochsPerSecond = record.EpochsRun / record.TrainSeconds;
                    rows.Add(new JObject
                    {
                        ["dataset"] = name, ["method"] = method, ["trainSeconds"] = Math.Round(record.TrainSeconds, 2),
                        ["epochsRun"] = record.EpochsRun, ["epochsPerSecond"] = Math.Round(epochsPerSecond, 1),
                        ["evalSeconds"] = Math.Round(record.EvalSeconds, 2), ["trialSeconds"] = Math.Round(record.TrainSeconds + record.EvalSeconds, 2),
                    });
                    if (!result.GetValue(json))
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"| {name} | {method} | {record.TrainSeconds:0.0} | {epochsPerSecond:0.0} | {record.EvalSeconds:0.0} | {record.TrainSeconds + record.EvalSeconds:0.0} |"));
                }
            }
            if (result.GetValue(json))
                Console.WriteLine(new JObject { ["cores"] = Environment.ProcessorCount, ["torchThreads"] = threads, ["device"] = ComputeDevice.Name(device), ["epochs"] = training.Epochs, ["trials"] = rows }.ToString());
            return 0;
        })));
        return command;
    }
}
