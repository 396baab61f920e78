using ALfc.Coordinator.Store;
using ALfc.Coordinator.Sweeps;
using ALfc.Core;
using ALfc.Core.Data;
using ALfc.Core.Evaluation;
using ALfc.Core.Training;
using ALfc.Core.Trials;
using ALfc.Tests.Trials;
using Microsoft.Data.Sqlite;

namespace ALfc.Tests.Store;

/// <summary>
/// A store written by the first ALfc layout (no application id, no trial kinds, enums spelled by their C# names in
/// the config JSON) is upgraded in place when a sweep opens it: its trials are re-keyed to the ids of the one JSON
/// convention, so resuming the same grid finds every finished trial done and runs nothing twice.
/// </summary>
public class StoreMigrationTests
{
    private const string FirstLayout = """
        CREATE TABLE sweeps (id TEXT PRIMARY KEY, grid_json TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE TABLE trials (
            id TEXT PRIMARY KEY, dataset TEXT NOT NULL, method TEXT NOT NULL, alpha REAL NOT NULL, schedule TEXT NOT NULL,
            repetition INTEGER NOT NULL, seed INTEGER NOT NULL, config_json TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0, node TEXT, started_at TEXT, finished_at TEXT, last_error TEXT);
        CREATE TABLE sweep_trials (sweep_id TEXT NOT NULL REFERENCES sweeps(id), trial_id TEXT NOT NULL REFERENCES trials(id), PRIMARY KEY (sweep_id, trial_id));
        CREATE TABLE results (trial_id TEXT PRIMARY KEY REFERENCES trials(id), clean REAL NOT NULL, confusion_mae REAL,
            epochs_run INTEGER NOT NULL, train_seconds REAL NOT NULL, eval_seconds REAL NOT NULL, record_json TEXT NOT NULL);
        CREATE TABLE cells (trial_id TEXT NOT NULL REFERENCES trials(id), box TEXT NOT NULL CHECK (box IN ('white', 'black')),
            attack TEXT NOT NULL, eps REAL NOT NULL, accuracy REAL NOT NULL, PRIMARY KEY (trial_id, box, attack, eps));
        """;

    private static GridSpec Grid() => GridSpec.Parse("""
        { "name": "old", "datasets": ["synthetic"], "methods": ["mv", "alfc"], "repetitions": 1, "scale": "minmax-centred" }
        """, "grid.json", "old");

    /// <summary>The config as the first layout wrote it: the same JSON with enum members under their C# names.</summary>
    private static string FirstLayoutJson(TrialSpec spec) =>
        spec.CanonicalJson().Replace("\"minmax-centred\"", "\"MinMaxCentred\"").Replace("\"paper\"", "\"Paper\"");

    [Fact]
    public void A_first_layout_store_is_rekeyed_once_and_resuming_its_grid_runs_nothing_twice()
    {
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "old.db");
        var trials = Grid().Expand();
        var done = trials[0].TrainingSpec();
        var oldConfig = FirstLayoutJson(done);
        Assert.NotEqual(done.CanonicalJson(), oldConfig);
        var oldId = TrialIds.Hash(oldConfig)[..16];
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            Run(connection, FirstLayout);
            Run(connection, $"INSERT INTO sweeps VALUES ('old', '{{}}', 'x', 'x')");
            foreach (var t in trials)
            {
                var spec = t.TrainingSpec();
                var id = t == trials[0] ? oldId : TrialIds.Hash(FirstLayoutJson(spec))[..16];
                Run(connection, $"INSERT INTO trials(id, dataset, method, alpha, schedule, repetition, seed, config_json, status) VALUES ('{id}', '{spec.Dataset}', '{spec.Method}', {spec.Training.Alpha}, 'paper', 0, {spec.Seed}, '{FirstLayoutJson(spec)}', '{(t == trials[0] ? "done" : "running")}')");
                Run(connection, $"INSERT INTO sweep_trials VALUES ('old', '{id}')");
            }
            // A whole record, as the first layout's ALfc wrote it: only its config hash changes with the new key.
            var record = AlfcJson.Canonical(ResultsStoreTests.Result(trials[0], 0.9) with { ConfigHash = TrialIds.Hash(oldConfig) });
            Run(connection, $"INSERT INTO results VALUES ('{oldId}', 0.9, NULL, 1, 1, 1, '{record}')");
            Run(connection, $"INSERT INTO cells VALUES ('{oldId}', 'white', 'pgd', 0.03, 0.5)");
        }

        // Read-only commands read it as it is, without changing the file.
        var before = File.ReadAllBytes(path);
        using (var readOnly = ResultsStore.OpenReadOnly(path))
            Assert.Equal(1, readOnly.Status("old").Done);
        Assert.Equal(before, File.ReadAllBytes(path));

        using (var store = ResultsStore.OpenForWriting(path, TrialKindRegistry.Default))
        {
            var registration = store.Register(Grid().Plan());
            Assert.Equal((0, 1, 1), (registration.Added, registration.AlreadyDone, registration.Requeued));
            Assert.Equal(trials[1].Id, Assert.Single(store.Unfinished("old")).Id);
        }
        Assert.Equal(ResultsStore.ApplicationId, Sqlite.Count(path, "PRAGMA application_id"));
        Assert.Equal(1, Sqlite.Count(path, $"SELECT count(*) FROM trials WHERE id = '{trials[0].Id}' AND status = 'done' AND kind = 'train'"));
        Assert.Equal(0, Sqlite.Count(path, $"SELECT count(*) FROM trials WHERE id = '{oldId}'"));
        Assert.Equal(0.5, Sqlite.Scalar(path, $"SELECT accuracy FROM cells WHERE trial_id = '{trials[0].Id}'"), 12);
        Assert.Equal(done.Hash(), Sqlite.Text(path, $"SELECT json_extract(record_json, '$.configHash') FROM results WHERE trial_id = '{trials[0].Id}'"));
        Assert.Equal(done.CanonicalJson(), Sqlite.Text(path, $"SELECT config_json FROM trials WHERE id = '{trials[0].Id}'"));
        Assert.Equal(0, Sqlite.Count(path, "SELECT \"notnull\" FROM pragma_table_info('results') WHERE name = 'clean'"));
    }

    [Fact]
    public void A_version_3_store_keeps_its_results_and_then_takes_an_undefined_headline()
    {
        // Version 3: today's tables, but a results.clean that may not be NULL.
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "v3.db");
        var trial = Grid().Expand()[0];
        var record = AlfcJson.Canonical(ResultsStoreTests.Result(trial, 0.875));
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            Run(connection, ResultsStore.Schema.Replace("clean REAL,", "clean REAL NOT NULL,"));
            Run(connection, $"PRAGMA application_id = {ResultsStore.ApplicationId}; PRAGMA user_version = 3;");
            Run(connection, "INSERT INTO sweeps VALUES ('old', '{}', 'x', 'x')");
            Run(connection, $"INSERT INTO trials(id, dataset, method, alpha, schedule, repetition, seed, config_json, status) VALUES ('{trial.Id}', 'synthetic', 'mv', 0, 'paper', 0, 1, '{trial.TrainingSpec().CanonicalJson()}', 'done')");
            Run(connection, $"INSERT INTO sweep_trials VALUES ('old', '{trial.Id}')");
            Run(connection, $"INSERT INTO results VALUES ('{trial.Id}', 0.875, NULL, 3, 1.5, 2.5, '{record}')");
        }
        Assert.Equal(1, Sqlite.Count(path, "SELECT \"notnull\" FROM pragma_table_info('results') WHERE name = 'clean'"));

        using (ResultsStore.OpenForWriting(path, TrialKindRegistry.Default)) { }
        Assert.Equal(ResultsStore.SchemaVersion, Sqlite.Count(path, "PRAGMA user_version"));
        Assert.Equal(0, Sqlite.Count(path, "SELECT \"notnull\" FROM pragma_table_info('results') WHERE name = 'clean'"));
        Assert.Equal($"0.875|3|1.5|2.5|{record}", Sqlite.Text(path,
            $"SELECT clean || '|' || epochs_run || '|' || train_seconds || '|' || eval_seconds || '|' || record_json FROM results WHERE trial_id = '{trial.Id}'"));
        Assert.Equal(1, Sqlite.Count(path, "SELECT count(*) FROM pragma_foreign_key_list('results') WHERE \"table\" = 'trials'"));
    }

    [Fact]
    public void A_version_4_store_with_lists_in_another_order_is_re_keyed_so_the_same_grid_in_any_order_runs_nothing_twice()
    {
        // Version 4 hashed a trial's config with its attacks, eps and victims as the grid listed them. Here repetition 0
        // (done) and the first poisoning trial (queued) were stored in a reversed order; repetition 1 is there in both
        // orders, done in the canonical one and queued in the other.
        var grid = GridSpec.Parse("""
            { "name": "g", "datasets": ["synthetic"], "methods": ["mv"], "repetitions": 2, "attacks": ["fgsm", "pgd"], "eps": { "synthetic": [0.01, 0.03] },
              "poisoning": [ { "answers": ["subpac/temp"], "attacks": ["flip"], "budgets": [0.5], "victims": ["subpac-mv", "mv"] } ] }
            """, "grid.json", "g");
        var trials = grid.Expand();
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "v4.db");
        using (var store = ResultsStore.OpenForWriting(path, TrialKindRegistry.Default))
        {
            store.Register(new SweepPlan(grid.Name, grid.Json, trials));
            foreach (var t in trials.Where(t => t.Spec is TrialSpec))
            {
                var result = ResultsStoreTests.Result(t, 0.8 + t.Repetition / 10.0);
                store.MarkRunning(t.Id, "n", 1);
                store.RecordResult(t.Id, "n", result, AlfcJson.Serialize(result));
            }
        }
        static string Reversed(string json) => json.Replace("\"attacks\":[\"fgsm\",\"pgd\"]", "\"attacks\":[\"pgd\",\"fgsm\"]")
            .Replace("\"epsilons\":[0.01,0.03]", "\"epsilons\":[0.03,0.01]").Replace("\"victims\":[\"subpac-mv\",\"mv\"]", "\"victims\":[\"mv\",\"subpac-mv\"]");
        var rep0 = trials.Single(t => t.Spec is TrialSpec && t.Repetition == 0);
        var rep1 = trials.Single(t => t.Spec is TrialSpec && t.Repetition == 1);
        var poison = trials.Single(t => t.Spec is Core.Poisoning.PoisoningSpec && t.Repetition == 0);
        string old0 = Reversed(rep0.Spec.CanonicalJson()), old1 = Reversed(rep1.Spec.CanonicalJson()), oldPoison = Reversed(poison.Spec.CanonicalJson());
        Assert.NotEqual(rep0.Spec.CanonicalJson(), old0);
        Assert.NotEqual(poison.Spec.CanonicalJson(), oldPoison);
        string id0 = TrialIds.Hash(old0)[..16], id1 = TrialIds.Hash(old1)[..16], idPoison = TrialIds.Hash(oldPoison)[..16];
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            Run(connection, $$"""
                PRAGMA foreign_keys = OFF; PRAGMA user_version = 4;
                UPDATE trials SET id = '{{id0}}', config_json = '{{old0}}' WHERE id = '{{rep0.Id}}';
                UPDATE sweep_trials SET trial_id = '{{id0}}' WHERE trial_id = '{{rep0.Id}}';
                UPDATE results SET trial_id = '{{id0}}' WHERE trial_id = '{{rep0.Id}}';
                UPDATE cells SET trial_id = '{{id0}}' WHERE trial_id = '{{rep0.Id}}';
                INSERT INTO trials(id, kind, dataset, method, alpha, schedule, repetition, seed, config_json, status)
                    SELECT '{{id1}}', kind, dataset, method, alpha, schedule, repetition, seed, '{{old1}}', 'queued' FROM trials WHERE id = '{{rep1.Id}}';
                INSERT INTO sweep_trials VALUES ('g', '{{id1}}');
                UPDATE trials SET id = '{{idPoison}}', config_json = '{{oldPoison}}' WHERE id = '{{poison.Id}}';
                UPDATE sweep_trials SET trial_id = '{{idPoison}}' WHERE trial_id = '{{poison.Id}}';
                """);
        }
        Assert.Equal(5, Sqlite.Count(path, "SELECT count(*) FROM trials"));
        // Read-only (`alfc grid show --store`), before any sweep upgrades it, the store already counts both training trials done.
        using (var read = ResultsStore.OpenReadOnly(path))
            Assert.Equal(["done", "done"], new[] { rep0.Id, rep1.Id }.Select(id => read.Statuses(trials.Select(t => t.Id)).GetValueOrDefault(id)));

        using (var store = ResultsStore.OpenForWriting(path, TrialKindRegistry.Default))
        {
            Assert.Equal(ResultsStore.SchemaVersion, Sqlite.Count(path, "PRAGMA user_version"));
            // Every trial under its canonical id, the queued duplicate gone, the results and cells where they were.
            Assert.Equal(trials.Select(t => t.Id).Order(), store.Trials("g").Select(t => t.Id).Order());
            Assert.Equal(0, Sqlite.Count(path, $"SELECT count(*) FROM trials WHERE id IN ('{id0}', '{id1}', '{idPoison}')"));
            Assert.Equal(4, Sqlite.Count(path, "SELECT count(*) FROM trials"));
            Assert.Equal(0.8, Sqlite.Scalar(path, $"SELECT clean FROM results WHERE trial_id = '{rep0.Id}'"), 12);
            Assert.Equal(rep0.Spec.CanonicalJson(), Sqlite.Text(path, $"SELECT config_json FROM trials WHERE id = '{rep0.Id}'"));
            Assert.Equal(3, Sqlite.Count(path, $"SELECT count(*) FROM cells WHERE trial_id = '{rep0.Id}'"));
            // The grid listed in yet another order (and case) plans the same ids and finds both training trials done.
            var shuffled = GridSpec.Parse(grid.Json.Replace("[\"fgsm\",\"pgd\"]", "[\"PGD\",\"fgsm\"]").Replace("[0.01,0.03]", "[0.03,0.01]")
                .Replace("[\"subpac-mv\",\"mv\"]", "[\"mv\",\"subpac-mv\"]"), "grid.json", "g");
            Assert.NotEqual(grid.Json, shuffled.Json);
            var again = store.Register(new SweepPlan(shuffled.Name, shuffled.Json, shuffled.Expand()));
            Assert.Equal((4, 0, 2), (again.Trials, again.Added, again.AlreadyDone));
        }
    }

    [Fact]
    public void Another_programs_database_is_refused_and_left_byte_for_byte_as_it_was()
    {
        var dir = TestPaths.NewScratchDirectory();
        var foreign = Path.Combine(dir, "other.db");
        using (var connection = new SqliteConnection($"Data Source={foreign};Pooling=False"))
        {
            connection.Open();
            Run(connection, "CREATE TABLE trials (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO trials(name) VALUES ('mine');");
        }
        var empty = Path.Combine(dir, "empty.db");
        File.WriteAllBytes(empty, []);
        foreach (var path in new[] { foreign, empty })
        {
            var before = File.ReadAllBytes(path);
            Assert.Throws<AlfcInputException>(() => ResultsStore.OpenForWriting(path, TrialKindRegistry.Default));
            Assert.Throws<AlfcInputException>(() => ResultsStore.OpenReadOnly(path));
            Assert.Equal(before, File.ReadAllBytes(path));
            Assert.False(File.Exists(path + "-wal"));
        }
    }

    [Fact]
    public void Enum_values_read_in_both_spellings_and_are_written_as_the_cli_spells_them()
    {
        var spec = TrialSpec.Create("synthetic", "alfc", 0, new TrainingConfig(), new EvaluationConfig(), scaling: FeatureScaling.MinMaxCentred);
        Assert.Contains("\"scaling\":\"minmax-centred\"", spec.CanonicalJson());
        Assert.Contains("\"schedule\":\"paper\"", spec.CanonicalJson());
        Assert.Equal(spec, AlfcJson.Deserialize<TrialSpec>(FirstLayoutJson(spec)) with { Training = spec.Training, Evaluation = spec.Evaluation });
        Assert.Equal(FeatureScaling.MinMaxCentred, AlfcJson.Deserialize<TrialSpec>(FirstLayoutJson(spec)).Scaling);
    }

    private static void Run(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
