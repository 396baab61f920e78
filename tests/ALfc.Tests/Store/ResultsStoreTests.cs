using ALfc.Core.Trials;
using ALfc.Tests.Trials;
using ALfc.Coordinator.Store;
using ALfc.Coordinator.Sweeps;
using ALfc.Core;
using ALfc.Core.Evaluation;

namespace ALfc.Tests.Store;

public class ResultsStoreTests
{
    private static GridSpec Grid(int repetitions = 2) =>
        GridSpec.Parse($$"""{ "name": "g", "datasets": ["synthetic"], "methods": ["mv"], "repetitions": {{repetitions}} }""", "grid.json", "g");

    internal static TrialResult Result(PlannedTrial t, double clean) => new()
    {
        Dataset = t.TrainingSpec().Dataset, Method = t.TrainingSpec().Method, Alpha = t.TrainingSpec().Training.Alpha, Schedule = "paper", Seed = t.TrainingSpec().Seed,
        Scaling = "minmax", ConfigHash = t.TrainingSpec().Hash(), Clean = clean,
        White = new() { ["pgd"] = new() { ["0.01"] = clean - 0.1, ["0.03"] = clean - 0.2 } },
        Black = new() { ["pgd"] = new() { ["0.01"] = clean - 0.05 } },
        EpochsRun = 1, TrainSeconds = 1, EvalSeconds = 1, Versions = new(),
    };

    [Fact]
    public void A_result_lands_with_its_cells_once_and_late_duplicates_are_refused()
    {
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "r.db");
        using var store = ResultsStore.OpenForWriting(path, TrialKindRegistry.Default);
        var trials = Grid().Expand();
        store.Register(new SweepPlan(Grid().Name, Grid().Json, trials));
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
    public void A_store_is_created_whole_under_its_name_and_a_creation_cut_short_is_replaced()
    {
        var dir = TestPaths.NewScratchDirectory();
        var path = Path.Combine(dir, "r.db");
        // What a sweep killed in its first half second leaves now: the hidden file it was building, never an empty r.db.
        File.WriteAllBytes(Path.Combine(dir, ".r.db.creating"), []);
        using (var store = ResultsStore.OpenForWriting(path, TrialKindRegistry.Default))
            store.Register(new SweepPlan(Grid().Name, Grid().Json, Grid().Expand()));
        Assert.Equal(["r.db"], Directory.GetFiles(dir).Select(Path.GetFileName));
        using (var store = ResultsStore.OpenReadOnly(path)) Assert.Equal(2, store.Status("g").Total);

        // A file of that name that is not an unfinished ALfc store is someone else's: left as it is.
        File.WriteAllText(Path.Combine(dir, ".s.db.creating"), "notes");
        var e = Assert.Throws<AlfcInputException>(() => ResultsStore.OpenForWriting(Path.Combine(dir, "s.db"), TrialKindRegistry.Default));
        Assert.Equal($"{Path.Combine(dir, ".s.db.creating")}: exists and is not ALfc's; ALfc creates a new store there first (move it away)", e.Message);
        Assert.Equal("notes", File.ReadAllText(Path.Combine(dir, ".s.db.creating")));
        Assert.False(File.Exists(Path.Combine(dir, "s.db")));
    }

    [Fact]
    public void A_reader_through_a_symbolic_link_sees_what_a_running_sweep_has_only_in_its_write_ahead_log()
    {
        var dir = TestPaths.NewScratchDirectory();
        var path = Path.Combine(dir, "r.db");
        using var writer = ResultsStore.OpenForWriting(path, TrialKindRegistry.Default);
        var trials = Grid().Expand();
        writer.Register(new SweepPlan(Grid().Name, Grid().Json, trials));
        writer.MarkRunning(trials[0].Id, "n1", 1);
        var result = Result(trials[0], 0.9);
        Assert.True(writer.RecordResult(trials[0].Id, "n1", result, AlfcJson.Serialize(result)));
        Assert.True(File.Exists(path + "-wal")); // the writer is open: its latest pages are in the log, not yet in r.db
        File.CreateSymbolicLink(Path.Combine(dir, "link.db"), path);
        // Before, the reader looked for link.db-wal, found none, read r.db alone as immutable and saw no finished trial.
        using var reader = ResultsStore.OpenReadOnly(Path.Combine(dir, "link.db"));
        Assert.Equal(1, reader.Status("g").Done);
    }

    [Fact]
    public void A_result_that_cannot_be_written_whole_leaves_the_trial_not_done()
    {
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "r.db");
        using var store = ResultsStore.OpenForWriting(path, TrialKindRegistry.Default);
        var trials = Grid().Expand();
        store.Register(new SweepPlan(Grid().Name, Grid().Json, trials));
        store.MarkRunning(trials[0].Id, "n1", 1);
        var broken = Result(trials[0], 0.9) with { Black = new() { ["pgd"] = new() { ["0.01"] = double.NaN } } }; // NaN is NULL in SQLite: the cell insert fails
        Assert.ThrowsAny<Exception>(() => store.RecordResult(trials[0].Id, "n1", broken, "{}"));
        Assert.Equal(0, Sqlite.Count(path, "SELECT count(*) FROM results"));
        Assert.Equal(0, Sqlite.Count(path, "SELECT count(*) FROM cells"));
        Assert.Equal("running", Sqlite.Text(path, $"SELECT status FROM trials WHERE id = '{trials[0].Id}'"));
    }

    [Fact]
    public void An_interruption_gives_the_attempt_back_whether_the_node_was_lost_the_sweep_stopped_or_its_process_killed()
    {
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "r.db");
        var trials = Grid(3).Expand();
        long Attempts(int i) => Sqlite.Count(path, $"SELECT attempts FROM trials WHERE id = '{trials[i].Id}'");
        using (var store = ResultsStore.OpenForWriting(path, TrialKindRegistry.Default))
        {
            store.Register(new SweepPlan(Grid(3).Name, Grid(3).Json, trials));
            store.MarkRunning(trials[0].Id, "n1", 1);
            store.Requeue(trials[0].Id); // its node was lost
            Assert.Equal(0, Attempts(0));
            store.MarkRunning(trials[1].Id, "n1", 2);
            store.RequeueRunning(Grid(3).Name); // Ctrl-C or SIGTERM
            Assert.Equal(1, Attempts(1));
            store.MarkRunning(trials[2].Id, "n1", 3);
            store.RecordFailure(trials[2].Id, null, 3, "boom", final: false);
            Assert.Equal("n1", Sqlite.Text(path, $"SELECT node FROM trials WHERE id = '{trials[2].Id}'")); // a null node keeps the stored one
            store.MarkRunning(trials[2].Id, "n1", 3);
        } // kill -9 here: trial 2 is left 'running'
        using (var store = ResultsStore.OpenForWriting(path, TrialKindRegistry.Default))
            store.Register(new SweepPlan(Grid(3).Name, Grid(3).Json, trials));
        Assert.Equal(2, Attempts(2));
        Assert.Equal(3, Sqlite.Count(path, "SELECT count(*) FROM trials WHERE status = 'queued'"));
    }

    [Fact]
    public void Registering_again_keeps_done_trials_requeues_interrupted_and_failed_ones_and_adds_new_ones()
    {
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "r.db");
        var trials = Grid(3).Expand();
        using (var store = ResultsStore.OpenForWriting(path, TrialKindRegistry.Default))
        {
            store.Register(new SweepPlan(Grid(2).Name, Grid(2).Json, Grid(2).Expand()));
            store.MarkRunning(trials[0].Id, "n1", 1);
            store.RecordResult(trials[0].Id, "n1", Result(trials[0], 0.8), AlfcJson.Serialize(Result(trials[0], 0.8)));
            store.MarkRunning(trials[1].Id, "n1", 1); // interrupted here
        }
        using (var store = ResultsStore.OpenForWriting(path, TrialKindRegistry.Default))
        {
            var again = store.Register(new SweepPlan(Grid(3).Name, Grid(3).Json, trials));
            Assert.Equal(new SweepRegistration("g", 3, 1, 1, 1), again);
            Assert.Equal(new[] { trials[1].Id, trials[2].Id }.Order(), store.Unfinished("g").Select(u => u.Id).Order());
        }
    }

    [Fact]
    public void A_trial_kept_from_a_run_with_another_base_seed_takes_this_runs_repetition_number()
    {
        // Base seed 0 runs seeds 0, 1, 2 as repetitions 0, 1, 2; base seed 1 plans seeds 1, 2, 3, which are its 0, 1, 2.
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "r.db");
        var base0 = Grid(3);
        var base1 = Grid(3).WithSeeds(null, 1, "grid.json");
        using var store = ResultsStore.OpenForWriting(path, TrialKindRegistry.Default);
        var first = base0.Expand();
        store.Register(new SweepPlan(base0.Name, base0.Json, first));
        foreach (var t in first)
        {
            store.MarkRunning(t.Id, "n1", 1);
            store.RecordResult(t.Id, "n1", Result(t, 0.8), AlfcJson.Serialize(Result(t, 0.8)));
        }
        var again = store.Register(new SweepPlan(base1.Name, base1.Json, base1.Expand()));
        Assert.Equal(2, again.AlreadyDone); // seeds 1 and 2 are kept, not run again
        Assert.Equal([(1L, 0), (2L, 1), (3L, 2)], store.Trials("g").Select(t => (t.Seed, t.Repetition)).OrderBy(p => p.Seed));
    }

    [Fact]
    public void Trials_an_edited_grid_drops_leave_the_sweep_but_keep_their_results_for_when_it_plans_them_again()
    {
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "r.db");
        var three = Grid(3).Expand();
        using var store = ResultsStore.OpenForWriting(path, TrialKindRegistry.Default);
        store.Register(new SweepPlan(Grid(3).Name, Grid(3).Json, three));
        store.MarkRunning(three[2].Id, "n1", 1);
        store.RecordResult(three[2].Id, "n1", Result(three[2], 0.7), AlfcJson.Serialize(Result(three[2], 0.7)));

        // Down to 2 repetitions: the third (done) trial leaves the sweep; nothing of it runs or is reported.
        var fewer = store.Register(new SweepPlan(Grid(2).Name, Grid(2).Json, Grid(2).Expand()));
        Assert.Equal(new SweepRegistration("g", 2, 0, 0, 0, 1), fewer);
        Assert.Equal(2, store.Status("g").Total);
        Assert.Empty(store.ResultRecords("g"));

        // Back to 3: the done trial returns as done, not to be run again.
        var again = store.Register(new SweepPlan(Grid(3).Name, Grid(3).Json, three));
        Assert.Equal(new SweepRegistration("g", 3, 0, 0, 1, 0), again);
        Assert.Equal(new[] { three[0].Id, three[1].Id }.Order(), store.Unfinished("g").Select(u => u.Id).Order());
    }

    [Fact]
    public void A_trial_left_running_by_a_killed_sweep_goes_back_to_the_queue_even_when_the_edited_grid_dropped_it()
    {
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "r.db");
        var three = Grid(3).Expand();
        using (var store = ResultsStore.OpenForWriting(path, TrialKindRegistry.Default))
        {
            store.Register(new SweepPlan(Grid(3).Name, Grid(3).Json, three));
            store.MarkRunning(three[2].Id, "n1", 1);
        } // kill -9 here: the third trial is left 'running'
        using (var store = ResultsStore.OpenForWriting(path, TrialKindRegistry.Default))
        {
            // Resumed with 2 repetitions: the third leaves the sweep, and is no longer said to run.
            Assert.Equal(1, store.Register(new SweepPlan(Grid(2).Name, Grid(2).Json, Grid(2).Expand())).LeftGrid);
            Assert.Equal(("queued", 0L), (Sqlite.Text(path, $"SELECT status FROM trials WHERE id = '{three[2].Id}'"), Sqlite.Count(path, $"SELECT attempts FROM trials WHERE id = '{three[2].Id}'")));
            Assert.Equal(0, Sqlite.Count(path, "SELECT count(*) FROM trials WHERE status = 'running'"));
        }
    }

    [Fact]
    public void A_run_a_killed_process_left_open_is_closed_as_killed_when_the_next_run_starts()
    {
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "r.db");
        using var store = ResultsStore.OpenForWriting(path, TrialKindRegistry.Default);
        store.Register(new SweepPlan(Grid().Name, Grid().Json, Grid().Expand()));
        long first = store.StartRun("g", null, "{}");
        store.FinishRun(first, "interrupted");
        store.StartRun("g", null, "{}"); // killed: never finished
        store.StartRun("g", null, "{}");
        Assert.Equal(new string?[] { "interrupted", "killed", null }, store.Runs("g").Select(r => r.Outcome));
        Assert.Null(store.Runs("g")[1].FinishedAt); // when it died is not known
    }

    [Fact]
    public void A_file_that_is_not_a_store_and_a_missing_store_are_one_line_errors()
    {
        var dir = TestPaths.NewScratchDirectory();
        var text = Path.Combine(dir, "notes.db");
        File.WriteAllText(text, "this is not sqlite, just text long enough to have a header of sorts....................................");
        var e = Assert.Throws<AlfcInputException>(() => ResultsStore.OpenReadOnly(text));
        Assert.StartsWith($"{text}: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal($"{Path.Combine(dir, "none.db")}: results store not found",
            Assert.Throws<AlfcInputException>(() => ResultsStore.OpenReadOnly(Path.Combine(dir, "none.db"))).Message);
    }
}
