using System.Globalization;
using ALfc.Tests.Trials;
using ALfc.Coordinator.Reports;
using ALfc.Coordinator.Store;
using ALfc.Core;
using ALfc.Core.Evaluation;
using ALfc.Core.Poisoning;
using ALfc.Core.Poisoning.Evaluation;
using ALfc.Core.Trials;
using ALfc.Coordinator.Sweeps;
using ALfc.Tests.Cli;
using ALfc.Tests.Reports;
using Parquet.Serialization;

namespace ALfc.Tests.Export;

public class TidyExportTests
{
    /// <summary>The report's own CSV value for one cell: alfc, white-box PGD at eps 0.01 on the known store.</summary>
    private static double ReportCell(string storePath)
    {
        using var store = ResultsStore.OpenReadOnly(storePath);
        var (_, csv) = ReportTables.Accuracy(ReportModel.Load(store, null), "synthetic", Box.White, "pgd");
        var line = csv.Split('\n').Single(l => l.StartsWith("synthetic,white,pgd,0.01,alfc,", StringComparison.Ordinal));
        return double.Parse(line.Split(',')[8], CultureInfo.InvariantCulture); // after alpha, n and planned
    }

    [Fact]
    public async Task The_csv_and_parquet_exports_hold_one_row_per_done_trial_and_cell_and_reproduce_a_report_cell()
    {
        var storePath = ReportTests.KnownStore();
        var directory = Path.GetDirectoryName(storePath)!;
        // The known store: 8 of 9 trials done (mv's third repetition is not), each with 3 cells (white pgd at 0.01 and 0.03, black pgd at 0.01).
        const int expectedRows = 8 * 3;
        double reported = ReportCell(storePath);
        Assert.Equal(0.8, reported, 12);

        var csvPath = Path.Combine(directory, "cells.csv");
        var run = AlfcProcess.Run("export", "--store", storePath, "--out", csvPath);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains($"{expectedRows} rows (8 finished trials)", run.Stdout);
        // A plain CSV parse, as any reader would do it: no field of this table needs quoting.
        var lines = File.ReadAllLines(csvPath);
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(expectedRows, rows.Count);
        Assert.All(rows, r => Assert.Equal(header.Length, r.Length));
        int Col(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new Xunit.Sdk.XunitException($"no column {name}");
        foreach (var column in new[] { "trial_id", "dataset", "method", "seed", "training_epochs", "training_alpha", "evaluation_attacks", "scaling", "box", "attack", "eps", "accuracy", "clean" })
            Col(column);
        var cell = rows.Where(r => r[Col("method")] == "alfc" && r[Col("box")] == "white" && r[Col("attack")] == "pgd" && r[Col("eps")] == "0.01")
            .Select(r => double.Parse(r[Col("accuracy")], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(3, cell.Count);
        Assert.Equal(reported, cell.Average(), 12);

        var parquetPath = Path.Combine(directory, "cells.parquet");
        run = AlfcProcess.Run("export", "--store", storePath, "--out", parquetPath);
        Assert.True(run.ExitCode == 0, run.Stderr);
        await using var stream = File.OpenRead(parquetPath);
        var table = await ParquetSerializer.DeserializeUntypedAsync(stream);
        Assert.Equal(expectedRows, table.Data.Count);
        var fromParquet = table.Data.Where(r => (string?)r["method"] == "alfc" && (string?)r["box"] == "white" && (string?)r["attack"] == "pgd" && (double?)r["eps"] == 0.01)
            .Select(r => (double)r["accuracy"]!).ToList();
        Assert.Equal(3, fromParquet.Count);
        Assert.Equal(reported, fromParquet.Average(), 12);
        Assert.All(table.Data, r => Assert.IsType<long>(r["repetition"]));

        // Bad output: one line naming the flag, exit 2, nothing left behind.
        var wrong = AlfcProcess.Run("export", "--store", storePath, "--out", Path.Combine(directory, "cells.xlsx"));
        Assert.Equal((2, $"alfc: error: --out {Path.Combine(directory, "cells.xlsx")}: name a .csv or .parquet file"), (wrong.ExitCode, wrong.Stderr.Trim()));
        var nowhere = AlfcProcess.Run("export", "--store", storePath, "--out", Path.Combine(directory, "no", "such", "cells.csv"));
        Assert.Equal(2, nowhere.ExitCode);
        Assert.StartsWith($"alfc: error: --out: {Path.Combine(directory, "no", "such", "cells.csv")}: folder {Path.Combine(directory, "no", "such")} does not exist", nowhere.Stderr);

        // An existing file is never replaced without --force, whoever wrote it; with --force it is, and nothing else is written.
        var existing = Path.Combine(directory, "notes.csv");
        File.WriteAllText(existing, "precious,data\n");
        var refused = AlfcProcess.Run("export", "--store", storePath, "--out", existing);
        Assert.Equal((2, $"alfc: error: --out: {existing}: already exists (add --force to replace it, or choose another name)"), (refused.ExitCode, refused.Stderr.Trim()));
        Assert.Equal("precious,data\n", File.ReadAllText(existing));
        var before = Directory.GetFiles(directory).Order().ToArray();
        Assert.Equal(0, AlfcProcess.Run("export", "--store", storePath, "--out", existing, "--force").ExitCode);
        Assert.Equal(expectedRows + 1, File.ReadAllLines(existing).Length);
        Assert.Equal(before, Directory.GetFiles(directory).Order().ToArray());
    }

    /// <summary>
    /// Sweep ra (base seed 0, seeds 0-2) then rb (base seed 1, seeds 1-2) in one store: the shared trials are stored as
    /// rb numbers them, and ra's export gave seeds 0 and 1 both repetition 0. Each export numbers by its own base seed.
    /// </summary>
    [Fact]
    public void A_sweeps_export_numbers_repetitions_by_its_own_base_seed_when_another_sweep_shares_its_trials()
    {
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "rr.db");
        var ra = GridSpec.Parse("""{ "name": "ra", "repetitions": 3, "baseSeed": 0, "datasets": ["synthetic"], "methods": ["mv"], "attacks": ["fgsm"], "eps": { "synthetic": [0.01] }, "blackBox": false }""", "g", "ra");
        var rb = GridSpec.Parse("""{ "name": "rb", "repetitions": 2, "baseSeed": 1, "datasets": ["synthetic"], "methods": ["mv"], "attacks": ["fgsm"], "eps": { "synthetic": [0.01] }, "blackBox": false }""", "g", "rb");
        using (var store = ResultsStore.OpenForWriting(path, TrialKindRegistry.Default))
        {
            store.Register(ra.Plan());
            store.Register(rb.Plan());
            foreach (var t in ra.Expand())
            {
                var spec = t.TrainingSpec();
                var result = new TrialResult
                {
                    Dataset = "synthetic", Method = "mv", Alpha = 0.5, Schedule = "paper", Seed = spec.Seed, Scaling = "minmax", ConfigHash = spec.Hash(),
                    Clean = 0.5 + spec.Seed / 10.0, White = new() { ["fgsm"] = new() { ["0.01"] = 0.4 } }, Black = new(),
                    EpochsRun = 1, TrainSeconds = 1, EvalSeconds = 1, Versions = new(),
                };
                store.MarkRunning(t.Id, "n", 1);
                store.RecordResult(t.Id, "n", result, AlfcJson.Serialize(result));
            }
        }
        using var read = ResultsStore.OpenReadOnly(path);
        IEnumerable<(long Repetition, double Clean)> Rows(string sweep)
        {
            var table = Coordinator.Export.TidyExport.Build(read, sweep, TrialKindRegistry.Default);
            int repetition = table.Columns.ToList().FindIndex(c => c.Name == "repetition"), clean = table.Columns.ToList().FindIndex(c => c.Name == "clean");
            return table.Rows.Select(r => ((long)r[repetition]!, (double)r[clean]!)).Order();
        }
        Assert.Equal([(0L, 0.5), (1L, 0.6), (2L, 0.7)], Rows("ra"));
        Assert.Equal([(0L, 0.6), (1L, 0.7)], Rows("rb"));
    }

    [Fact]
    public void A_poisoning_trial_gives_one_row_per_victim_beside_the_training_rows()
    {
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "mixed.db");
        var spec = PoisoningSpec.Create("subpac/temp", "flip", "mv", 2, 0.5, 7, ["mv", "ds"]);
        var training = GridSpec.Parse("""{ "name": "m", "datasets": ["synthetic"], "methods": ["mv"], "attacks": ["fgsm"], "eps": { "synthetic": [0.01] }, "blackBox": false }""", "g", "m").Expand()[0];
        var planned = PlannedTrial.Of(spec, 0);
        using (var store = ResultsStore.OpenForWriting(path, TrialKindRegistry.Default))
        {
            store.Register(new SweepPlan("m", "{}", [planned, training]));
            var record = new PoisoningResult
            {
                Answers = "subpac/temp", Attack = "flip", Substitute = "mv", MaliciousWorkers = 2, Budget = 0.5, ItemsPerWorker = 10, Seed = 7,
                ConfigHash = TrialIds.Hash(spec.CanonicalJson()), Items = 20, MaliciousAnswers = 20, AgainstMajority = 15,
                Victims = [new VictimScore("mv", 0.9, 0.6, 0.3, 6, 20), new VictimScore("ds", 0.95, 0.8, 0.15, 3, 20)],
                Workers = [], AttackSeconds = 0.1, EvalSeconds = 0.1, Versions = new(),
            };
            store.MarkRunning(planned.Id, "n", 1);
            store.RecordResult(planned.Id, "n", record, AlfcJson.Serialize(record));
            var result = new TrialResult
            {
                Dataset = "synthetic", Method = "mv", Alpha = 0.5, Schedule = "paper", Seed = 0, Scaling = "minmax", ConfigHash = "h", Clean = 0.9,
                White = new() { ["fgsm"] = new() { ["0.01"] = 0.7 } }, Black = new(), EpochsRun = 1, TrainSeconds = 1, EvalSeconds = 1, Versions = new(),
            };
            store.MarkRunning(training.Id, "n", 1);
            store.RecordResult(training.Id, "n", result, AlfcJson.Serialize(result));
        }
        using var read = ResultsStore.OpenReadOnly(path);
        var table = Coordinator.Export.TidyExport.Build(read, "m", TrialKindRegistry.Default);
        Assert.Equal(3, table.Rows.Count);
        int Col(string name) => table.Columns.Select(c => c.Name).ToList().IndexOf(name);
        var victims = table.Rows.Where(r => (string?)r[Col("kind")] == "poison").ToList();
        Assert.Equal(["mv", "ds"], victims.Select(r => (string?)r[Col("victim")]));
        Assert.Equal([0.3, 0.15], victims.Select(r => (double?)r[Col("asr")]));
        Assert.All(victims, r => Assert.Equal("flip", r[Col("attack")]));
        Assert.All(victims, r => Assert.Null(r[Col("eps")]));
        var trainingRow = Assert.Single(table.Rows, r => (string?)r[Col("kind")] == "train");
        Assert.Equal(0.7, trainingRow[Col("accuracy")]);
        Assert.Null(trainingRow[Col("victim")]);
        // Whichever kind comes first, the table starts with the trial and ends with where and when it ran.
        var names = table.Columns.Select(c => c.Name).ToList();
        Assert.Equal(["sweep", "trial_id", "kind", "repetition"], names.Take(4));
        Assert.Equal(["node", "device", "finished_at"], names.TakeLast(3));
        Assert.All(table.Rows, r => Assert.Equal("n", r[Col("node")]));
    }
}
