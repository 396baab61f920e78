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
using ALfc.Coordinator.Bench;
using ALfc.Coordinator.Sweeps;
using Newtonsoft.Json.Linq;

namespace ALfc.Coordinator.Cli;

/// <summary>
/// `alfc bench`: times one full trial (train + white/black-box evaluation) per method on each dataset, or per
/// (dataset, method) of a preset, as a sweep slot runs it, and says where the time goes: seconds, the FLOPs counted
/// from the model shapes (<see cref="FlopCount"/>), GFLOP/s and its fraction of the matrix-multiply peak measured in
/// the same run, and each trial's peak memory. With --preset it also estimates the preset's wall time here.
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
        var preset = new Option<string?>("--preset")
        {
            // Only presets with training trials: the subpac ones are timed through --poisoning.
            Description = $"measure one trial per (dataset, method) of this preset ({string.Join(", ", GridPresets.Names.Where(n => GridPresets.Load(n).Blocks.Count > 0))}) with its own settings, and estimate its wall time here",
        };
        command.Options.Add(preset);
        var slots = new Option<int?>("--slots") { Description = "slots the --preset estimate divides the work over (default: one per core, as a sweep)" };
        command.Options.Add(slots);
        var alone = new Option<bool>("--alone")
        {
            Description = "with --preset, price the estimate from trials run alone only (about half the bench time; assumes the slots do not slow each other down)",
        };
        command.Options.Add(alone);
        var repetitions = new Option<int?>("--repetitions") { Description = "with --preset, estimate it at this many repetitions instead of its own (the trials timed are the same)" };
        command.Options.Add(repetitions);
        var fuse = new Option<int?>("--fuse")
        {
            Description = "time units of this many fused repetitions and report per repetition (default: as a sweep fuses them, 10 for models of up to 256 inputs, else 1)",
        };
        command.Options.Add(fuse);
        // What each mode reads: a flag the mode would ignore is refused by name, so no one times something other than they asked for.
        Option[] trialOptions = [data.Scale, data.LsaDims, datasets, methods, .. trial.All.Where(o => o != trial.Device && o != trial.Threads)];
        command.SetAction((result, cancellation) => Task.FromResult(CliRunner.Run(() =>
        {
            if (result.GetValue(poisoning) is { } sets)
            {
                RefuseGiven(result, "--poisoning, which times SubPac attacks, not training", [preset, slots, alone, repetitions, fuse, .. trialOptions, trial.Device, trial.Threads]);
                return PoisoningBench(sets, Core.Data.DatasetOptions.CheckDataRoot(result.GetValue(data.Data)), result.GetValue(json), cancellation);
            }
            if (result.GetValue(preset) is not null) RefuseGiven(result, "--preset, which times the preset's own trials with its own settings", trialOptions);
            var device = trial.DeviceOf(result);
            int threads = trial.ThreadsOf(result);
            int slotCount = CpuParallelism.Slots(result.GetValue(slots), [device]);
            var options = data.Options(result);
            // Every spec is built (and so every option checked) before anything prints or trains.
            var plan = result.GetValue(preset) is { } name ? GridPresets.Load(name).WithSeeds(result.GetValue(repetitions), null, $"preset '{name}'").Plan() : null;
            IReadOnlyList<TrialSpec> specs = plan is not null ? PresetEstimate.Representatives(plan) : Specs(result, datasets, methods, trial, options);
            if (specs.Count == 0) throw new AlfcInputException($"--preset {result.GetValue(preset)}: it has no training trials to time (try --poisoning)");
            if (plan is null && result.GetValue(alone)) throw new AlfcInputException("--alone: only a --preset estimate has a loaded pass to skip");
            if (plan is null && result.GetValue(repetitions) is not null) throw new AlfcInputException("--repetitions: only a --preset estimate has repetitions to count (a plain bench times one trial at a time)");
            if (plan is null && result.GetValue(slots) is not null) throw new AlfcInputException("--slots: only a --preset estimate divides its work over slots (a plain bench times one trial at a time)");
            if (result.GetValue(fuse) is { } width && width is < 1 or > 1000) throw new AlfcInputException($"--fuse: must be from 1 to 1000 repetitions, got {width}");
            // A fused repetition is priced from a unit trained for 1/W of the epochs, which only holds where every epoch is the
            // same work; the reference schedule's rounds regenerate their adversarial inputs, so it is timed alone.
            int FusedFor(TrialSpec spec, CrowdDataset d)
            {
                int width = spec.Training.Schedule == AlfcSchedule.Reference ? 1 : result.GetValue(fuse) ?? FusionWidth.For(d.Features);
                return plan is null ? width : PresetEstimate.UnitWidth(plan, spec, width);
            }
            // A missing dataset folder is refused here, before the peak probe and the table header (a malformed file still fails at its load).
            foreach (var spec in specs) DatasetCatalog.CheckPresent(spec.Dataset, options);
            CpuParallelism.Apply(threads);
            using var inputCache = new BenchInputCache();
            var (peak, libtorchPeak, managedPeak) = MatmulPeak.Measure();
            var first = specs[0].Training;
            bool asJson = result.GetValue(json);
            if (!asJson)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{Environment.ProcessorCount} cores, {threads} libtorch thread(s), matmul peak {peak:0} GFLOP/s (1024^3 sgemm: ALfc's kernel {managedPeak:0}, libtorch's {libtorchPeak:0}), device {ComputeDevice.Name(device)}, {first.Epochs} epochs, schedule {AlfcSchedules.Name(first.Schedule)}"));
                Console.WriteLine($"cpu: {CpuIdentity.Describe()}");
                Console.WriteLine("seconds and GFLOP per repetition; 'fused' repetitions trained as one unit, as a sweep runs them");
                Console.WriteLine("| dataset | method | fused | train s | eval s | trial s | GFLOP | GFLOP/s | of peak | peak MB |");
                Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
            }
            var timings = new List<TrialTiming>();
            foreach (var (dataset, group) in Groups(specs, plan, options))
                foreach (var spec in group)
                {
                    // Warm-up, not timed: one epoch of the first trial, evaluation included, then each method's own training (see
                    // TrialTiming.WarmUp), so no measured trial pays for compiling code that a sweep slot compiles once.
                    if (timings.Count == 0)
                        TrialRunner.Run(spec with { Training = spec.Training with { Epochs = 1, AggNetIterations = 1 } }, dataset, device, null, cancellation);
                    int fused = FusedFor(spec, dataset);
                    TrialTiming.WarmUp(spec, dataset, device, fused, cancellation);
                    var t = TrialTiming.Measure(spec, dataset, device, fused, cancellation);
                    timings.Add(t);
                    if (!asJson)
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"| {t.Dataset} | {t.Method} | {t.Fused} | {t.TrainSeconds:0.0} | {t.EvalSeconds:0.0} | {t.TrialSeconds:0.0} | {t.Gflop:0} | {t.GflopPerSecond:0.0} | {t.GflopPerSecond / peak:0%} | {t.PeakMegabytes?.ToString("0", CultureInfo.InvariantCulture) ?? "?"} |"));
                }

            // What a sweep sees: every slot busy. Each trial again, as one copy per slot at once.
            Dictionary<(string Dataset, string Method), double>? loaded = null;
            if (plan is not null && slotCount > 1 && !result.GetValue(alone))
            {
                loaded = [];
                if (!asJson)
                {
                    Console.WriteLine($"every slot busy: each trial again, {slotCount} copies at once ({slotCount} x {threads} thread(s))");
                    // "machine s": the loaded seconds over the slot count, the machine's time per repetition when a sweep keeps
                    // every slot busy; the figure to set beside a build whose one slot used every core.
                    Console.WriteLine("| dataset | method | alone s | loaded s | slowdown | machine s |");
                    Console.WriteLine("|---|---|---|---|---|---|");
                }
                foreach (var (dataset, group) in Groups(specs, plan, options))
                {
                    // The alone pass trained each repetition's black-box substitute in its first trial; so does this one.
                    SubstituteCache.Shared.Clear();
                    inputCache.Cache?.Clear();
                    foreach (var spec in group)
                    {
                        double seconds = TrialTiming.MeasureLoaded(spec, dataset, device, slotCount, FusedFor(spec, dataset), cancellation).Average(r => r.TrainSeconds + r.EvalSeconds);
                        loaded[(spec.Dataset, spec.Method)] = seconds;
                        double aloneSeconds = timings.First(t => t.Dataset == spec.Dataset && t.Method == spec.Method).TrialSeconds;
                        if (!asJson)
                            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                                $"| {spec.Dataset} | {spec.Method} | {aloneSeconds:0.0} | {seconds:0.0} | {seconds / aloneSeconds:0.00}x | {seconds / slotCount:0.0} |"));
                    }
                }
            }
            var estimate = plan is not null ? PresetEstimate.From(plan, timings, slotCount, loaded) : null;
            if (!asJson && estimate is not null)
                Console.WriteLine(estimate.LoadedTotalSeconds is { } busy
                    ? string.Create(CultureInfo.InvariantCulture,
                        $"preset '{estimate.Preset}': {estimate.TrainingTrials} training trials, {Duration(estimate.TotalSeconds)} of trials alone and {Duration(busy)} with every slot busy, estimated wall time {Duration(estimate.WallHours * 3600)} on {estimate.Slots} slot(s) x {threads} thread(s) ({Duration(estimate.AloneWallHours * 3600)} if the slots did not slow each other down)")
                    : string.Create(CultureInfo.InvariantCulture,
                        $"preset '{estimate.Preset}': {estimate.TrainingTrials} training trials, {Duration(estimate.TotalSeconds)} of trials, estimated wall time {Duration(estimate.WallHours * 3600)} on {estimate.Slots} slot(s) x {threads} thread(s), if the slots do not slow each other down"));
            // A trial's seconds with every slot busy over a divisor, when the loaded pass measured it.
            double? LoadedOver(TrialTiming t, int divisor) =>
                loaded is not null && loaded.TryGetValue((t.Dataset, t.Method), out var seconds) ? Math.Round(seconds / divisor, 2) : null;
            if (asJson)
                Console.WriteLine(new JObject
                {
                    ["cores"] = Environment.ProcessorCount, ["cpu"] = CpuIdentity.Describe(), ["torchThreads"] = threads, ["matmulPeakGflops"] = Math.Round(peak, 1), ["libtorchPeakGflops"] = Math.Round(libtorchPeak, 1), ["alfcKernelPeakGflops"] = Math.Round(managedPeak, 1), ["device"] = ComputeDevice.Name(device),
                    ["epochs"] = first.Epochs,
                    ["trials"] = new JArray(timings.Select(t => new JObject
                    {
                        ["dataset"] = t.Dataset, ["method"] = t.Method, ["fused"] = t.Fused, ["trainSeconds"] = Math.Round(t.TrainSeconds, 2), ["epochsRun"] = t.EpochsRun,
                        ["evalSeconds"] = Math.Round(t.EvalSeconds, 2), ["trialSeconds"] = Math.Round(t.TrialSeconds, 2), ["gflop"] = Math.Round(t.Gflop, 1),
                        ["gflopPerSecond"] = Math.Round(t.GflopPerSecond, 1), ["fractionOfPeak"] = Math.Round(t.GflopPerSecond / peak, 3),
                        ["peakMegabytes"] = t.PeakMegabytes is { } mb ? Math.Round(mb) : null,
                        ["loadedTrialSeconds"] = LoadedOver(t, 1),
                        ["machineSecondsPerRepetition"] = LoadedOver(t, slotCount),
                    })),
                    ["estimate"] = estimate is null ? null : new JObject
                    {
                        ["preset"] = estimate.Preset, ["trainingTrials"] = estimate.TrainingTrials, ["slots"] = estimate.Slots,
                        ["trialHours"] = Math.Round(estimate.TotalSeconds / 3600, 2), ["wallHours"] = Math.Round(estimate.WallHours, 2),
                        ["loadedTrialHours"] = estimate.LoadedTotalSeconds is { } loadedTotal ? Math.Round(loadedTotal / 3600, 2) : (double?)null,
                        ["aloneWallHours"] = Math.Round(estimate.AloneWallHours, 2),
                    },
                }.ToString());
            return 0;
        })));
        return command;
    }

    /// <summary>The specs by dataset, each dataset loaded once per pass and let go after its trials (a preset's trials carry their own scaling and LSA size; the data root is this machine's).</summary>
    private static IEnumerable<(CrowdDataset Dataset, IEnumerable<TrialSpec> Specs)> Groups(IReadOnlyList<TrialSpec> specs, SweepPlan? plan, DatasetOptions options)
    {
        foreach (var group in specs.GroupBy(s => s.Dataset))
            yield return (DatasetCatalog.Load(group.Key, plan is null ? options
                : new DatasetOptions { DataRoot = options.DataRoot, Scaling = group.First().Scaling, LsaDimensions = group.First().LsaDimensions }), group);
    }

    /// <summary>Refuses the first of <paramref name="ignored"/> given on the command line: <paramref name="mode"/> (the flag, and what it does) would not read it.</summary>
    private static void RefuseGiven(ParseResult result, string mode, IEnumerable<Option> ignored)
    {
        foreach (var option in ignored)
            if (result.GetResult(option) is { Implicit: false })
                throw new AlfcInputException($"{option.Name}: does not apply to {mode}");
    }

    /// <summary>Hours with one decimal, or minutes below an hour.</summary>
    private static string Duration(double seconds) => seconds >= 3600
        ? string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:0.0} h")
        : string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:0.0} min");

    private static List<TrialSpec> Specs(ParseResult result, Option<string> datasets, Option<string> methods, TrialOptionSet trial, DatasetOptions options)
    {
        // Each named once (mv,mv times mv once), in the order given.
        var methodNames = result.GetValue(methods)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var datasetNames = result.GetValue(datasets)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        if (datasetNames.Length == 0) throw new AlfcInputException("--datasets: the list is empty");
        if (methodNames.Length == 0) throw new AlfcInputException("--methods: the list is empty");
        foreach (var d in datasetNames)
            if (!DatasetCatalog.IsKnown(d)) throw new AlfcInputException($"--datasets: unknown dataset '{d}' (known: {string.Join(", ", DatasetCatalog.Names)})");
        foreach (var m in methodNames)
            if (!MethodCatalog.IsKnown(m.ToLowerInvariant())) throw new AlfcInputException($"--methods: unknown method '{m}' (known: {string.Join(", ", MethodCatalog.Names)})");
        return datasetNames.SelectMany(d => methodNames.Select(m => trial.Spec(result, d, m, options.Scaling, options.LsaDimensions))).ToList();
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
        // Every set is loaded (and so checked) before the header prints: a bad one is the only line.
        var loaded = specs.Select(spec => AnswerSetCatalog.Load(spec.Answers, dataRoot)).ToList();
        var rows = new JArray();
        if (!json)
        {
            Console.WriteLine($"{Environment.ProcessorCount} cores; SubPac, a = 0.5, M' = 5, substitute ds, default settings, seed 0");
            Console.WriteLine("| answer set | items | workers | answers | attack s | victims s | ASR on subpac-ds |");
            Console.WriteLine("|---|---|---|---|---|---|---|");
        }
        foreach (var (spec, clean) in specs.Zip(loaded))
        {
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
