using ALfc.Coordinator.Store;
using ALfc.Coordinator.Sweeps;
using ALfc.Core;
using ALfc.Core.Evaluation;

namespace ALfc.Tests.Sweeps;

public class ResultsStoreTests
{
    private static GridSpec Grid(int repetitions = 2) =>
        GridSpec.Parse($$"""{ "name": "g", "datasets": ["synthetic"], "methods": ["mv"], "repetitions": {{repetitions}} }""", "grid.json", "g");

    internal static TrialResult Result(PlannedTrial t, double clean) => new()
    {
        Dataset = t.Spec.Dataset, Method = t.Spec.Method, Alpha = t.Spec.Training.Alpha, Schedule = "paper", Seed = t.Spec.Seed,
        Scaling = "minmax", ConfigHash = t.Spec.Hash(), Clean = clean,
        White = new() { ["pgd"] = new() { ["0.01"] = clean - 0.1, ["0.03"] = clean - 0.2 } },
        Black = new() { ["pgd"] = new() { ["0.01"] = clean - 0.05 } },
        EpochsRun = 1, TrainSeconds = 1, EvalSeconds = 1, Versions = new(),
    };

    [Fact]
    public void A_result_lands_with_its_cells_once_and_late_duplicates_are_refused()
    {
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "r.db");
        using var store = ResultsStore.Open(path);
        var trials = Grid().Expand();
        store.Register(Grid(), trials);
        store.MarkRunning(trials[0].Id, "n1", 1);
        var result = Result(trials[0], 0.9);
        Assert.True(store.RecordResult(trials[0].Id, "n1", result, AlfcJson.Serialize(result)));
        Assert.False(store.RecordResult(trials[0].Id, "n2", result, AlfcJson.Serialize(result)));
        Assert.Equal(new StoreStatus("g", 2, 1, 0, 1, 0), store.Status("g"));
        Assert.Single(store.ResultRecords("g"));
        Assert.Equal(3, Sqlite.Count(path, "SELECT count(*) FROM cells"));
        Assert.Equal(0.7, Sqlite.Scalar(path, "SELECT accuracy FROM cells WHERE box = 'white' AND eps = 0.03"), 12);
    }

    [Fact]
    public void A_result_that_cannot_be_written_whole_leaves_the_trial_not_done()
    {
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "r.db");
        using var store = ResultsStore.Open(path);
        var trials = Grid().Expand();
        store.Register(Grid(), trials);
        store.MarkRunning(trials[0].Id, "n1", 1);
        var broken = Result(trials[0], 0.9) with { Black = new() { ["pgd"] = new() { ["0.01"] = double.NaN } } }; // NaN is NULL in SQLite: the cell insert fails
        Assert.ThrowsAny<Exception>(() => store.RecordResult(trials[0].Id, "n1", broken, "{}"));
        Assert.Equal(0, Sqlite.Count(path, "SELECT count(*) FROM results"));
        Assert.Equal(0, Sqlite.Count(path, "SELECT count(*) FROM cells"));
        Assert.Equal("running", Sqlite.Text(path, $"SELECT status FROM trials WHERE id = '{trials[0].Id}'"));
    }

    [Fact]
    public void Registering_again_keeps_done_trials_requeues_interrupted_and_failed_ones_and_adds_new_ones()
    {
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "r.db");
        var trials = Grid(3).Expand();
        using (var store = ResultsStore.Open(path))
        {
            store.Register(Grid(2), Grid(2).Expand());
            store.MarkRunning(trials[0].Id, "n1", 1);
            store.RecordResult(trials[0].Id, "n1", Result(trials[0], 0.8), "{}");
            store.MarkRunning(trials[1].Id, "n1", 1); // interrupted here
        }
        using (var store = ResultsStore.Open(path))
        {
            var again = store.Register(Grid(3), trials);
            Assert.Equal(new SweepRegistration("g", 3, 1, 1, 1), again);
            Assert.Equal(new[] { trials[1].Id, trials[2].Id }.Order(), store.Unfinished("g").Select(u => u.Id).Order());
        }
    }

    [Fact]
    public void Trials_an_edited_grid_drops_leave_the_sweep_but_keep_their_results_for_when_it_plans_them_again()
    {
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "r.db");
        var three = Grid(3).Expand();
        using var store = ResultsStore.Open(path);
        store.Register(Grid(3), three);
        store.MarkRunning(three[2].Id, "n1", 1);
        store.RecordResult(three[2].Id, "n1", Result(three[2], 0.7), "{}");

        // Down to 2 repetitions: the third (done) trial leaves the sweep; nothing of it runs or is reported.
        var fewer = store.Register(Grid(2), Grid(2).Expand());
        Assert.Equal(new SweepRegistration("g", 2, 0, 0, 0, 1), fewer);
        Assert.Equal(2, store.Status("g").Total);
        Assert.Empty(store.ResultRecords("g"));

        // Back to 3: the done trial returns as done, not to be run again.
        var again = store.Register(Grid(3), three);
        Assert.Equal(new SweepRegistration("g", 3, 0, 0, 1, 0), again);
        Assert.Equal(new[] { three[0].Id, three[1].Id }.Order(), store.Unfinished("g").Select(u => u.Id).Order());
    }

    [Fact]
    public void A_file_that_is_not_a_store_and_a_missing_store_are_one_line_errors()
    {
        var dir = TestPaths.NewScratchDirectory();
        var text = Path.Combine(dir, "notes.db");
        File.WriteAllText(text, "this is not sqlite, just text long enough to have a header of sorts....................................");
        var e = Assert.Throws<AlfcInputException>(() => ResultsStore.Open(text, create: false));
        Assert.StartsWith($"{text}: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal($"{Path.Combine(dir, "none.db")}: results store not found",
            Assert.Throws<AlfcInputException>(() => ResultsStore.Open(Path.Combine(dir, "none.db"), create: false)).Message);
    }
}

/// <summary>Reads a store file directly, as a user with sqlite3 would, independent of ResultsStore.</summary>
internal static class Sqlite
{
    public static long Count(string path, string sql) => Convert.ToInt64(Query(path, sql));
    public static double Scalar(string path, string sql) => Convert.ToDouble(Query(path, sql));
    public static string Text(string path, string sql) => Convert.ToString(Query(path, sql))!;
    public static string? TextOrNull(string path, string sql) => Query(path, sql) is string s ? s : null;

    public static Dictionary<string, string> Pairs(string path, string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var pairs = new Dictionary<string, string>();
        while (reader.Read()) pairs[reader.GetString(0)] = reader.GetString(1);
        return pairs;
    }

    private static object? Query(string path, string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}

public class StoreLockTests
{
    [Fact]
    public void A_second_sweep_on_the_same_store_is_refused_until_the_first_lets_go()
    {
        var store = Path.Combine(TestPaths.NewScratchDirectory(), "r.db");
        using (Coordinator.Store.StoreLock.Acquire(store))
        {
            var e = Assert.Throws<AlfcInputException>(() => Coordinator.Store.StoreLock.Acquire(store));
            Assert.StartsWith($"{store}: in use by another running sweep", e.Message);
        }
        using (Coordinator.Store.StoreLock.Acquire(store)) { }
    }
}
