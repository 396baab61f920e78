using System.CommandLine;
using System.Globalization;
using System.Text;
using ALfc.Core;
using ALfc.Core.Data;
using ALfc.Core.Evaluation;
using ALfc.Core.Models;
using ALfc.Core.Training;

namespace ALfc.Coordinator.Cli;

/// <summary>`alfc train`: one trial (train one method, evaluate it white-box and black-box) with a progress line.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var data = new DatasetOptionSet();
        var trial = new TrialOptionSet();
        var method = new Option<string>("--method") { Description = $"training method: {string.Join(", ", MethodCatalog.Names)}", DefaultValueFactory = _ => "alfc" };
        var json = new Option<bool>("--json") { Description = "print the trial's JSON record instead of tables" };
        var command = new Command("train", "train one method on one dataset and evaluate it under every attack and eps, white-box and black-box");
        data.AddTo(command);
        command.Options.Add(method);
        trial.AddTo(command);
        command.Options.Add(json);
        command.SetAction((result, cancellation) => Task.FromResult(CliRunner.Run(() =>
        {
            var spec = trial.Spec(result, result.GetValue(data.Dataset)!, result.GetValue(method)!, data.Options(result).Scaling, result.GetValue(data.LsaDims));
            BlackBoxInputCache.CheckEnvironment();
            var device = trial.DeviceOf(result);
            int threads = trial.ThreadsOf(result);
            var dataset = data.Load(result);
            // A-LFC's own settings given to another method change nothing (its trial is the same without them): said
            // once, after every input is accepted, so a run that differs only in them is not mistaken for another.
            var unread = new Option[] { trial.Alpha, trial.Schedule, trial.TrainEps }.Where(o => result.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();
            if (unread.Count > 0 && !Core.Training.MethodCatalog.TakesAlpha(spec.Method))
                Console.Error.WriteLine($"alfc: note: {spec.Method} does not read {string.Join(", ", unread)} (A-LFC's settings); it trains as without them");
            CpuParallelism.Apply(threads);
            var record = ProgressLine<TrainingProgress>.Run($"{spec.Method} on {dataset.Name}",
                p => (p.Epoch, p.TotalEpochs, Phase(spec.Method, p)), progress => TrialRunner.Run(spec, dataset, device, progress, cancellation));
            Console.WriteLine(result.GetValue(json) ? AlfcJson.Serialize(record) : Render(record));
            return 0;
        })));
        return command;
    }

    /// <summary>
    /// The live line's changing part: epoch/total and the epoch's loss, with the phase only when it says more than the
    /// method the line already names ("pretrain on mv" does; "alfc (paper)" does not).
    /// </summary>
    internal static string Phase(string method, TrainingProgress p)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"epoch {p.Epoch}/{p.TotalEpochs}{(double.IsNaN(p.Loss) ? "" : $", loss {p.Loss:0.0000}")}");
        return p.Phase.StartsWith(method, StringComparison.OrdinalIgnoreCase) ? text : $"{p.Phase}: {text}";
    }

    internal static string Render(TrialResult r)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{r.Method} on {r.Dataset} (seed {r.Seed}, alpha {r.Alpha}, schedule {r.Schedule}, scaling {r.Scaling})");
        text.AppendLine(CultureInfo.InvariantCulture, $"clean accuracy {r.Clean:0.0000}; trained {Counted.Of(r.EpochsRun, "epoch")} in {r.TrainSeconds:0.0} s, evaluated in {r.EvalSeconds:0.0} s on {r.Device}");
        Table(text, "white-box", r.White);
        Table(text, "black-box (crafted on the substitute)", r.Black);
        if (r.Workers is { Count: > 0 } workers)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"learned vs true confusion matrices, {workers.Count} busiest workers: mean abs error {r.ConfusionMae:0.0000}");
            foreach (var w in workers) text.AppendLine(CultureInfo.InvariantCulture, $"  {w.Worker,-16} {w.Labels,6} labels  mae {w.MeanAbsoluteError:0.0000}");
        }
        return text.ToString().TrimEnd();
    }

    private static void Table(StringBuilder text, string title, Dictionary<string, Dictionary<string, double>> cells)
    {
        if (cells.Count == 0) return;
        var attacks = cells.Keys.ToList();
        var eps = cells[attacks[0]].Keys.ToList();
        text.AppendLine().AppendLine(title);
        text.Append($"{"eps",-8}");
        foreach (var a in attacks) text.Append($"{a,11}");
        text.AppendLine();
        foreach (var e in eps)
        {
            text.Append($"{e,-8}");
            foreach (var a in attacks) text.Append(cells[a][e].ToString("0.0000", CultureInfo.InvariantCulture).PadLeft(11));
            text.AppendLine();
        }
    }
}
