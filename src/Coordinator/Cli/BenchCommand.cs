using System.CommandLine;
using System.Globalization;
using ALfc.Core;
using ALfc.Core.Data;
using ALfc.Core.Data.AnswerSets;
using ALfc.Core.Poisoning;
using ALfc.Core.Poisoning.Attacks;
using ALfc.Core.Poisoning.Victims;
using ALfc.Core.Trials;
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
        var poisoning = new Option<string?>("--poisoning")
        {
            Description = "time one SubPac attack (a = 0.5, M' = 5, ds substitute, default settings) on each of these answer sets instead of training, e.g. subpac/temp,subpac/rte,subpac/sentiment",
        };
        command.Options.Add(poisoning);
        command.SetAction((result, cancellation) => Task.FromResult(CliRunner.Run(() =>
        {
            if (result.GetValue(poisoning) is { } sets) return PoisoningBench(sets, result.GetValue(data.Data), result.GetValue(json), cancellation);
            var device = trial.DeviceOf(result);
            CpuParallelism.Apply(trial.ThreadsOf(result));
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

    /// <summary>
    /// One SubPac attack per answer set, scored on every SubPac victim: seconds to build the attack and to score the
    /// victims, and the ASR on subpac-ds (the authors' Dawid-Skene), as a poisoning trial of a sweep runs it.
    /// </summary>
    private static int PoisoningBench(string sets, string? dataRoot, bool json, CancellationToken cancellation)
    {
        var names = sets.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0) throw new AlfcInputException("--poisoning: the list is empty");
        var specs = names.Select(n => AnswerSetCatalog.IsValidName(n)
            ? PoisoningSpec.Create(n, PoisoningAttackCatalog.SubPac, "ds", 5, 0.5, 0, VictimCatalog.SubPacNames)
            : throw new AlfcInputException($"--poisoning: unknown answer set '{n}' (expected {AnswerSetCatalog.Expected})")).ToList();
        var rows = new JArray();
        if (!json)
        {
            Console.WriteLine($"{Environment.ProcessorCount} cores; SubPac, a = 0.5, M' = 5, substitute ds, default settings, seed 0");
            Console.WriteLine("| answer set | items | workers | answers | attack s | victims s | ASR on subpac-ds |");
            Console.WriteLine("|---|---|---|---|---|---|---|");
        }
        foreach (var spec in specs)
        {
            var clean = AnswerSetCatalog.Load(spec.Answers, dataRoot);
            var (record, _) = PoisoningTrialKind.Execute(spec, clean, null, cancellation);
            double asr = record.Asr("subpac-ds")!.Value;
            rows.Add(new JObject
            {
                ["answers"] = spec.Answers, ["items"] = clean.Answers.Items, ["workers"] = clean.Answers.Workers, ["answerCount"] = clean.Answers.AnswerCount,
                ["attackSeconds"] = Math.Round(record.AttackSeconds, 2), ["victimSeconds"] = Math.Round(record.EvalSeconds, 2), ["asrSubpacDs"] = Math.Round(asr, 4),
            });
            if (!json)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {spec.Answers} | {clean.Answers.Items} | {clean.Answers.Workers} | {clean.Answers.AnswerCount} | {record.AttackSeconds:0.0} | {record.EvalSeconds:0.0} | {asr:0.000} |"));
        }
        if (json) Console.WriteLine(new JObject { ["cores"] = Environment.ProcessorCount, ["poisoning"] = rows }.ToString());
        return 0;
    }
}
