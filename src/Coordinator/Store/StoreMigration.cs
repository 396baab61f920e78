using ALfc.Core;
using ALfc.Core.Trials;
using Microsoft.Data.Sqlite;

namespace ALfc.Coordinator.Store;

/// <summary>
/// Upgrades a store written by an earlier ALfc (schema 1: no application id, no trial kinds, specs in the old JSON
/// spelling) to the current schema, in one transaction, so an interrupted grid resumes after an upgrade with nothing
/// lost and nothing run twice. Every trial's config is read and written again in the one JSON convention, and since a
/// trial's id is the hash of that text, each trial is re-keyed (with its sweep links, result, cells and the record's
/// configHash). A crash mid-way rolls back to the old store.
/// </summary>
internal static class StoreMigration
{
    /// <summary>Whether an unmarked SQLite file has the first ALfc layout (and so may be upgraded rather than refused).</summary>
    public static bool IsFirstLayout(SqliteConnection connection) =>
        ResultsStore.Scalar<long>(connection,
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('sweeps', 'trials', 'sweep_trials', 'results', 'cells')") == 5
        && ResultsStore.Scalar<long>(connection, "SELECT count(*) FROM pragma_table_info('trials') WHERE name IN ('config_json', 'status', 'attempts')") == 3;

    public static void Upgrade(SqliteConnection connection, string path, TrialKindRegistry kinds)
    {
        using var transaction = connection.BeginTransaction();
        // Parent and child ids change one statement at a time: check the references once, at commit.
        ResultsStore.Execute(connection, "PRAGMA defer_foreign_keys = ON", transaction);
        if (ResultsStore.Scalar<long>(connection, "SELECT count(*) FROM pragma_table_info('trials') WHERE name = 'kind'", transaction) == 0)
            ResultsStore.Execute(connection, $"ALTER TABLE trials ADD COLUMN kind TEXT NOT NULL DEFAULT '{TrainingTrialKind.KindName}'", transaction);
        var trials = new List<(string Id, string Config)>();
        using (var command = ResultsStore.Command(connection, "SELECT id, config_json FROM trials", transaction))
        using (var reader = command.ExecuteReader())
            while (reader.Read()) trials.Add((reader.GetString(0), reader.GetString(1)));
        foreach (var (id, config) in trials)
            Rekey(connection, transaction, id, config, SpecOf(kinds, TrainingTrialKind.KindName, path, id, config));
        ResultsStore.Execute(connection, ResultsStore.Schema, transaction); // the tables later versions added
        AllowUndefinedHeadline(connection, transaction);
        ResultsStore.Execute(connection, $"PRAGMA application_id = {ResultsStore.ApplicationId}; PRAGMA user_version = {ResultsStore.SchemaVersion};", transaction);
        transaction.Commit();
    }

    /// <summary>
    /// Brings a marked store of an earlier version up to this one: the tables later versions added (3: runs), which the
    /// schema creates when absent; (4) a results table whose headline may be NULL; and (5) every trial's config in its
    /// canonical form (<see cref="CanonicalOrder"/>), re-keyed where that changes it. Results are kept.
    /// </summary>
    public static void AddTables(SqliteConnection connection, string path, TrialKindRegistry kinds)
    {
        using var transaction = connection.BeginTransaction();
        ResultsStore.Execute(connection, "PRAGMA defer_foreign_keys = ON", transaction);
        ResultsStore.Execute(connection, ResultsStore.Schema, transaction);
        AllowUndefinedHeadline(connection, transaction);
        Canonicalise(connection, transaction, path, kinds);
        ResultsStore.Execute(connection, $"PRAGMA user_version = {ResultsStore.SchemaVersion};", transaction);
        transaction.Commit();
    }

    /// <summary>
    /// Version 5: a trial's set-like lists (attacks, eps, victims) have one order, so a grid that lists them in another
    /// order plans the same trials. A trial stored with another order is re-keyed to its canonical id, keeping its
    /// result; where a trial with that id is already there (the same work planned in both orders), the one with a result
    /// takes the sweeps of both, and a second result, the same work done twice, stays in the store unlinked.
    /// </summary>
    private static void Canonicalise(SqliteConnection connection, SqliteTransaction transaction, string path, TrialKindRegistry kinds)
    {
        var trials = new List<(string Id, string Kind, string Config)>();
        using (var command = ResultsStore.Command(connection, "SELECT id, kind, config_json FROM trials", transaction))
        using (var reader = command.ExecuteReader())
            while (reader.Read()) trials.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        foreach (var (id, kind, config) in trials)
        {
            var spec = SpecOf(kinds, kind, path, id, config);
            var newId = TrialIds.Of(spec);
            if (newId == id || ResultsStore.Scalar<long>(connection, "SELECT count(*) FROM trials WHERE id = $id", transaction, ("$id", newId)) == 0)
            {
                Rekey(connection, transaction, id, config, spec);
                continue;
            }
            // Both orders are in the store. Keep the canonical trial, giving it this one's result if it has none.
            (string, object)[] keys = [("$old", id), ("$new", newId)];
            bool oldDone = ResultsStore.Scalar<long>(connection, "SELECT count(*) FROM results WHERE trial_id = $old", transaction, keys) > 0;
            bool newDone = ResultsStore.Scalar<long>(connection, "SELECT count(*) FROM results WHERE trial_id = $new", transaction, keys) > 0;
            ResultsStore.Execute(connection, "INSERT OR IGNORE INTO sweep_trials(sweep_id, trial_id) SELECT sweep_id, $new FROM sweep_trials WHERE trial_id = $old", transaction, keys);
            ResultsStore.Execute(connection, "DELETE FROM sweep_trials WHERE trial_id = $old", transaction, keys);
            if (oldDone && !newDone)
            {
                ResultsStore.Execute(connection, "DELETE FROM trials WHERE id = $new", transaction, keys);
                Rekey(connection, transaction, id, config, spec);
            }
            else if (!oldDone)
                ResultsStore.Execute(connection, "DELETE FROM trials WHERE id = $old", transaction, keys);
        }
    }

    /// <summary>A stored trial's spec; an unreadable config refuses the whole upgrade in one line, the store unchanged.</summary>
    private static ITrialSpec SpecOf(TrialKindRegistry kinds, string kind, string path, string id, string config)
    {
        try
        {
            return kinds.Get(kind).ReadSpec(config);
        }
        catch (Exception e) when (e is Newtonsoft.Json.JsonException or AlfcInputException or ArgumentException)
        {
            throw AlfcInputException.In(path, $"cannot upgrade this store: trial {id} has an unreadable config ({e.Message.Split('\n')[0]}); it was not changed");
        }
    }

    /// <summary>Moves a trial, its sweep links, result and cells to the id of <paramref name="spec"/>'s canonical JSON.</summary>
    private static void Rekey(SqliteConnection connection, SqliteTransaction transaction, string id, string config, ITrialSpec spec)
    {
        var json = spec.CanonicalJson();
        var hash = TrialIds.Hash(json);
        var newId = hash[..16];
        if (newId == id && json == config) return;
        (string, object)[] keys = [("$old", id), ("$new", newId)];
        ResultsStore.Execute(connection, "UPDATE trials SET id = $new, config_json = $json WHERE id = $old", transaction, [.. keys, ("$json", json)]);
        ResultsStore.Execute(connection, "UPDATE sweep_trials SET trial_id = $new WHERE trial_id = $old", transaction, keys);
        ResultsStore.Execute(connection, "UPDATE results SET trial_id = $new, record_json = json_set(record_json, '$.configHash', $hash) WHERE trial_id = $old",
            transaction, [.. keys, ("$hash", hash)]);
        ResultsStore.Execute(connection, "UPDATE cells SET trial_id = $new WHERE trial_id = $old", transaction, keys);
    }

    /// <summary>
    /// Version 4: results.clean loses its NOT NULL, so a poisoning trial whose headline ASR is undefined can be stored.
    /// SQLite cannot alter a column, so the table is copied into the new layout, row for row, inside the caller's transaction.
    /// </summary>
    private static void AllowUndefinedHeadline(SqliteConnection connection, SqliteTransaction transaction)
    {
        if (ResultsStore.Scalar<long>(connection, "SELECT \"notnull\" FROM pragma_table_info('results') WHERE name = 'clean'", transaction) == 0) return;
        ResultsStore.Execute(connection, $"""
            CREATE TABLE results_v4 ({ResultsStore.ResultsColumns});
            INSERT INTO results_v4 (trial_id, clean, confusion_mae, epochs_run, train_seconds, eval_seconds, record_json)
                SELECT trial_id, clean, confusion_mae, epochs_run, train_seconds, eval_seconds, record_json FROM results;
            DROP TABLE results;
            ALTER TABLE results_v4 RENAME TO results;
            """, transaction);
    }
}
