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
        var training = kinds.Get(TrainingTrialKind.KindName);
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
        {
            ITrialSpec spec;
            try
            {
                spec = training.ReadSpec(config);
            }
            catch (Exception e) when (e is Newtonsoft.Json.JsonException or AlfcInputException)
            {
                throw AlfcInputException.In(path, $"cannot upgrade this store: trial {id} has an unreadable config ({e.Message.Split('\n')[0]}); it was not changed");
            }
            var json = spec.CanonicalJson();
            var hash = TrialIds.Hash(json);
            var newId = hash[..16];
            if (newId == id && json == config) continue;
            (string, object)[] keys = [("$old", id), ("$new", newId)];
            ResultsStore.Execute(connection, "UPDATE trials SET id = $new, config_json = $json WHERE id = $old", transaction, [.. keys, ("$json", json)]);
            ResultsStore.Execute(connection, "UPDATE sweep_trials SET trial_id = $new WHERE trial_id = $old", transaction, keys);
            ResultsStore.Execute(connection, "UPDATE results SET trial_id = $new, record_json = json_set(record_json, '$.configHash', $hash) WHERE trial_id = $old",
                transaction, [.. keys, ("$hash", hash)]);
            ResultsStore.Execute(connection, "UPDATE cells SET trial_id = $new WHERE trial_id = $old", transaction, keys);
        }
        ResultsStore.Execute(connection, ResultsStore.Schema, transaction); // the tables later versions added
        AllowUndefinedHeadline(connection, transaction);
        ResultsStore.Execute(connection, $"PRAGMA application_id = {ResultsStore.ApplicationId}; PRAGMA user_version = {ResultsStore.SchemaVersion};", transaction);
        transaction.Commit();
    }

    /// <summary>
    /// Brings a marked store of an earlier version up to this one: the tables later versions added (3: runs), which the
    /// schema creates when absent, and (4) a results table whose headline may be NULL. Existing rows are kept as they are.
    /// </summary>
    public static void AddTables(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        ResultsStore.Execute(connection, ResultsStore.Schema, transaction);
        AllowUndefinedHeadline(connection, transaction);
        ResultsStore.Execute(connection, $"PRAGMA user_version = {ResultsStore.SchemaVersion};", transaction);
        transaction.Commit();
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
