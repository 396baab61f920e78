using System.Globalization;
using ALfc.Coordinator.Sweeps;
using ALfc.Core;
using ALfc.Core.Evaluation;
using ALfc.Core.Trials;
using ALfc.Messages;
using Microsoft.Data.Sqlite;
using Newtonsoft.Json;

namespace ALfc.Coordinator.Store;

/// <summary>
/// The SQLite results store (schema in README). Only the coordinator writes. The file runs in WAL mode with
/// synchronous=FULL, and each result lands in one transaction together with its cells and its trial's
/// status, so a crash at any instant leaves every trial either done with its full result or not done.
/// A store is recognised by its application id (<see cref="ApplicationId"/>) before anything is written; a store of
/// an earlier ALfc (no application id, the four tables) is upgraded in place, once, in one transaction
/// (<see cref="StoreMigration"/>). Any other file is refused untouched, and read-only commands open read-only.
/// </summary>
public sealed class ResultsStore : IDisposable
{
    /// <summary>SQLite's application_id of an ALfc store: "ALfc" in ASCII.</summary>
    public const int ApplicationId = 0x414C6663;

    /// <summary>
    /// The schema version (PRAGMA user_version) this build writes. 1 was the unmarked first layout; 2 adds trial kinds
    /// and the one JSON convention; 3 adds the runs table (provenance); 4 lets results.clean, the headline, be NULL (an
    /// undefined poisoning ASR); 5 stores every trial's config in canonical form (<see cref="Core.CanonicalOrder"/>: set-like
    /// lists in one order, so their order in a grid does not change trial ids). This build reads 1 to 4 as they are and
    /// upgrades them when it writes.
    /// </summary>
    public const int SchemaVersion = 5;

    /// <summary>The results table: one row per finished trial, its headline and timings, and the whole record.</summary>
    internal const string ResultsColumns = """
        trial_id TEXT PRIMARY KEY REFERENCES trials(id), clean REAL, confusion_mae REAL,
        epochs_run INTEGER NOT NULL, train_seconds REAL NOT NULL, eval_seconds REAL NOT NULL, record_json TEXT NOT NULL
        """;

    internal const string Schema = $"""
        CREATE TABLE IF NOT EXISTS sweeps (
            id TEXT PRIMARY KEY, grid_json TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS trials (
            id TEXT PRIMARY KEY, dataset TEXT NOT NULL, method TEXT NOT NULL, alpha REAL NOT NULL, schedule TEXT NOT NULL,
            repetition INTEGER NOT NULL, seed INTEGER NOT NULL, config_json TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0, node TEXT, started_at TEXT, finished_at TEXT, last_error TEXT,
            kind TEXT NOT NULL DEFAULT 'train');
        CREATE TABLE IF NOT EXISTS sweep_trials (
            sweep_id TEXT NOT NULL REFERENCES sweeps(id), trial_id TEXT NOT NULL REFERENCES trials(id),
            PRIMARY KEY (sweep_id, trial_id));
        CREATE TABLE IF NOT EXISTS results ({ResultsColumns});
        CREATE TABLE IF NOT EXISTS cells (
            trial_id TEXT NOT NULL REFERENCES trials(id), box TEXT NOT NULL CHECK (box IN ('white', 'black')),
            attack TEXT NOT NULL, eps REAL NOT NULL, accuracy REAL NOT NULL, PRIMARY KEY (trial_id, box, attack, eps));
        CREATE INDEX IF NOT EXISTS trials_status ON trials(status);
        CREATE TABLE IF NOT EXISTS runs (
            id INTEGER PRIMARY KEY, sweep_id TEXT NOT NULL REFERENCES sweeps(id), started_at TEXT NOT NULL, finished_at TEXT, outcome TEXT,
            host TEXT NOT NULL, alfc_version TEXT NOT NULL, alfc_commit TEXT NOT NULL, dotnet TEXT NOT NULL, torchsharp TEXT NOT NULL, libtorch TEXT NOT NULL,
            data_root TEXT, data_json TEXT NOT NULL);
        """;

    private readonly SqliteConnection connection;

    private ResultsStore(string path, SqliteConnection connection)
    {
        Path = path;
        this.connection = connection;
    }

    public string Path { get; }

    /// <summary>
    /// Opens a store to write, creating it if the file does not exist; an existing file must be an ALfc store (an earlier
    /// ALfc's is upgraded, with <paramref name="kinds"/> reading its specs). Anything else is a one-line error and the
    /// file is left as it was.
    /// </summary>
    public static ResultsStore OpenForWriting(string path, TrialKindRegistry kinds)
    {
        StoreFiles.Check(path);
        bool existed = File.Exists(path);
        if (existed) Identify(path, readOnly: true).Dispose(); // refuses a foreign file before anything can write to it
        else Create(path);
        var connection = Connect(path, SqliteOpenMode.ReadWrite);
        try
        {
            if (existed && Scalar<long>(connection, "PRAGMA application_id") != ApplicationId)
                StoreMigration.Upgrade(connection, path, kinds);
            else if (existed && Scalar<long>(connection, "PRAGMA user_version") < SchemaVersion)
                StoreMigration.AddTables(connection, path, kinds);
            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;");
            return new ResultsStore(path, connection);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw Refusal(path, e, readOnly: false);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A new store, made whole before it takes its name: the schema is written into a hidden file beside it, which is
    /// then moved into place. A sweep killed while creating its store (in its first half second) left an empty file under
    /// the store's name, which the same command then refused as "an empty file, not an ALfc results store".
    /// </summary>
    private static void Create(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        // One name per store, so a creation killed half-way is found and replaced by the next one (the sweep holds the
        // store's lock meanwhile). A file of that name that is not an unfinished store of ours is left alone.
        var creating = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(full)!, $".{System.IO.Path.GetFileName(full)}.creating");
        if (File.Exists(creating))
        {
            if (new FileInfo(creating).Length > 0 && !IsOurs(creating))
                throw AlfcInputException.In(creating, "exists and is not ALfc's; ALfc creates a new store there first (move it away)");
            File.Delete(creating);
        }
        var connection = Connect(creating, SqliteOpenMode.ReadWriteCreate, shownAs: path);
        try
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, Schema, transaction);
            Execute(connection, $"PRAGMA application_id = {ApplicationId}; PRAGMA user_version = {SchemaVersion};", transaction);
            transaction.Commit();
        }
        catch (SqliteException e)
        {
            throw Refusal(path, e, readOnly: false);
        }
        finally
        {
            connection.Dispose();
        }
        try
        {
            File.Move(creating, full, overwrite: false);
        }
        catch (IOException) when (File.Exists(full))
        {
            File.Delete(creating);
            throw AlfcInputException.In(path, "appeared while the store was being created; run again");
        }
    }

    /// <summary>Whether a file carries ALfc's store marker (its application id in the SQLite header, bytes 68-71).</summary>
    private static bool IsOurs(string file)
    {
        var header = new byte[72];
        using (var stream = File.OpenRead(file))
            if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length) return false;
        return System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(68)) == ApplicationId;
    }

    /// <summary>
    /// Checks, writing nothing, that a sweep may use <paramref name="path"/>: its companions fit (<see cref="StoreFiles"/>)
    /// and an existing file is an undamaged ALfc store. A sweep calls it before it creates even its lock file.
    /// </summary>
    public static void Verify(string path)
    {
        StoreFiles.Check(path);
        if (!File.Exists(path)) return;
        Identify(path, readOnly: true).Dispose();
        // A store the user may read but not write would fail at its first write, after the lock and SQLite's -wal and
        // -shm files were created beside it: refuse it now.
        try
        {
            File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite).Dispose();
        }
        catch (UnauthorizedAccessException)
        {
            throw AlfcInputException.In(path, "cannot be written: permission denied (a sweep writes its results into the store)");
        }
        catch (IOException)
        {
            // The file is flocked: a sweep runs on it, under this name or another one (StoreLock.HoldStoreFile).
            throw AlfcInputException.In(path, "in use by another running sweep; wait for it or stop it, then run again");
        }
    }

    /// <summary>
    /// Opens an existing store read-only (status, report): the file is never written, not even its journal mode.
    /// A store of an earlier ALfc is read as it is. <paramref name="readsRecords"/> false (status, a dry run: commands that
    /// count trials but parse no record) skips reading every record whole, which costs about 0.4 ms a record (a
    /// 3000-trial store's status took 2.1 s with it, 0.8 s without).
    /// </summary>
    public static ResultsStore OpenReadOnly(string path, bool readsRecords = true)
    {
        if (path.Length == 0) throw new AlfcInputException("--store: the path is empty");
        if (!File.Exists(path)) throw AlfcInputException.In(path, Directory.Exists(path) ? "is a folder, not a results store" : "results store not found");
        return new ResultsStore(path, Identify(path, readOnly: true, readsRecords));
    }

    /// <summary>
    /// Connects and checks the marker (an ALfc store of a version this build reads, or an earlier unmarked one) and the
    /// file's pages (SQLite's quick_check reads every page once): a damaged store is refused here, in one line naming it,
    /// before any command reads a malformed page or writes to it.
    /// </summary>
    private static SqliteConnection Identify(string path, bool readOnly, bool readsRecords = true)
    {
        // A pipe has no length either, and was called "an empty file"; SQLite would block on it.
        if (!Core.Data.Io.InputFile.IsRegular(path)) throw AlfcInputException.In(path, StoreFiles.NotRegular);
        if (new FileInfo(path).Length == 0) throw AlfcInputException.In(path, "an empty file, not an ALfc results store (name a new file, or remove it)");
        // SQLite names the write-ahead log after the file a path leads to (links followed), so a store with two names of its
        // own (a hard link) keeps its latest results where the other name cannot see them: one reader saw 6 of 9 done trials
        // and a sweep ran 3 again. A symbolic link is fine.
        if (Core.Data.Io.InputFile.LinkCount(path) is > 1 and var links)
            throw AlfcInputException.In(path, $"has {links} hard links; a results store must have one name (SQLite keeps its write-ahead log by name): use a symbolic link, or copy the store");
        // Without a write-ahead log beside it the file is the whole database (no sweep has it open), and SQLite is told
        // so (immutable): reading it then creates no -shm or -wal file beside someone else's file, and works in a folder
        // the user may not write to. With one, a sweep runs or was killed, and its log must be read through.
        var connection = Connect(path, readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWrite, immutable: readOnly && !File.Exists(StoreFiles.RealPath(path) + "-wal"));
        try
        {
            long id = Scalar<long>(connection, "PRAGMA application_id");
            long version = Scalar<long>(connection, "PRAGMA user_version");
            if (id == ApplicationId)
            {
                if (version > SchemaVersion)
                    throw AlfcInputException.In(path, $"written by a newer ALfc (store version {version}; this build reads up to {SchemaVersion})");
            }
            else if (id != 0 || !StoreMigration.IsFirstLayout(connection))
                throw AlfcInputException.In(path, "not an ALfc results store (another program's file; it was not changed)");
            if (Scalar<string>(connection, "PRAGMA quick_check(1)") is var check && check != "ok")
                throw AlfcInputException.In(path, $"the results store is damaged (SQLite quick_check: {OneLine(check)}); it was not changed: restore a copy, or name a new store");
            if (Damage(connection, version, readsRecords) is { } damage)
                throw AlfcInputException.In(path, $"the results store is damaged ({damage}); it was not changed: restore a copy, or name a new store");
            return connection;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw Refusal(path, e, readOnly);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Damage the page check cannot see: a table of the layout missing (dropped, or a marker set on an empty file), or a
    /// trial's config or record that is not valid JSON (cut short, edited) or not a JSON object. Null when none.
    /// </summary>
    private static string? Damage(SqliteConnection connection, long version, bool readsRecords)
    {
        string[] tables = version >= 3 ? ["sweeps", "trials", "sweep_trials", "results", "cells", "runs"] : ["sweeps", "trials", "sweep_trials", "results", "cells"];
        foreach (var table in tables)
            if (Scalar<long>(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $t", null, ("$t", table)) == 0)
                return $"its table '{table}' is missing";
        if (Scalar<string>(connection, "SELECT id FROM trials WHERE NOT json_valid(config_json) LIMIT 1") is { } config)
            return $"trial {config}: its config is not valid JSON";
        if (Scalar<string>(connection, "SELECT trial_id FROM results WHERE NOT json_valid(record_json) LIMIT 1") is { } record)
            return $"trial {record}: its record is not valid JSON";
        // Valid JSON that is not an object ('null', '[]', '1') got past the check above and crashed report and export.
        if (Scalar<string>(connection, "SELECT id FROM trials WHERE json_type(config_json) IS NOT 'object' LIMIT 1") is { } shape)
            return $"trial {shape}: its config is not a trial config (a JSON object)";
        if (Scalar<string>(connection, "SELECT trial_id FROM results WHERE json_type(record_json) IS NOT 'object' LIMIT 1") is { } recordShape)
            return $"trial {recordShape}: its record is not a trial record (a JSON object)";
        if (ConfigNotItsId(connection) is { } edited)
            return $"trial {edited}: its config does not hash to its id (edited since it was stored)";
        // A poisoning record must score the victims its config names: one with a victim fewer crashed the report.
        if (version >= 2 && Scalar<string>(connection, $"""
                SELECT r.trial_id FROM results r JOIN trials t ON t.id = r.trial_id WHERE t.kind = '{Core.Poisoning.PoisoningSpec.KindName}' AND
                  (SELECT json_group_array(value) FROM (SELECT value FROM json_each(t.config_json, '$.spec.victims') ORDER BY value)) IS NOT
                  (SELECT json_group_array(v) FROM (SELECT json_extract(value, '$.victim') AS v FROM json_each(r.record_json, '$.victims') ORDER BY v))
                LIMIT 1
                """) is { } victims)
            return $"trial {victims}: its record does not score the victims its config names";
        return readsRecords ? IncompleteRecord(connection) : null;
    }

    /// <summary>
    /// The first trial whose config is not the one its id was made from: an id is the hash of the config
    /// (<see cref="TrialIds"/>), so any edit of it shows, and a config edited to <c>{}</c> once gave export rows with values
    /// under the wrong headers. A SHA-256 of each config, about 5 µs a trial.
    /// </summary>
    private static string? ConfigNotItsId(SqliteConnection connection)
    {
        using var command = Command(connection, "SELECT id, config_json FROM trials", null);
        using var reader = command.ExecuteReader();
        while (reader.Read())
            if (reader.GetString(0) is var id && (id.Length != 16 || !TrialIds.Hash(reader.GetString(1)).StartsWith(id, StringComparison.Ordinal)))
                return id;
        return null;
    }

    /// <summary>
    /// The first record its kind cannot read whole (a member missing or null, a number that is text: edited by hand), as
    /// damage; null when none. An object that lacked members (<c>{}</c>) passed the checks above and crashed report and
    /// export with a NullReferenceException. Records of a kind this build does not know are left to the kind check.
    /// </summary>
    private static string? IncompleteRecord(SqliteConnection connection)
    {
        var kinds = TrialKindRegistry.Default;
        using var command = Command(connection, $"SELECT r.trial_id, {KindColumnOf(connection)}, r.record_json FROM results r JOIN trials t ON t.id = r.trial_id", null);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (!kinds.Names.Contains(reader.GetString(1))) continue;
            try
            {
                kinds.Get(reader.GetString(1)).ReadRecord(reader.GetString(2)).Validate();
            }
            catch (JsonException e)
            {
                return $"trial {reader.GetString(0)}: its record is incomplete: {OneLine(e.Message)}";
            }
            catch (InvalidTrialRecordException e)
            {
                return $"trial {reader.GetString(0)}: its record is not a result: {OneLine(e.Message)}";
            }
        }
        return null;
    }

    /// <summary>Opens a connection; a refusal names <paramref name="shownAs"/> (the store a hidden file is being created for), else the path.</summary>
    private static SqliteConnection Connect(string path, SqliteOpenMode mode, bool immutable = false, string? shownAs = null)
    {
        var source = immutable ? new Uri(System.IO.Path.GetFullPath(path)).AbsoluteUri + "?immutable=1" : path;
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Pooling = false, Mode = mode }.ToString());
        try
        {
            connection.Open();
            return connection;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw Refusal(shownAs ?? path, e, mode == SqliteOpenMode.ReadOnly);
        }
    }

    /// <summary>SQLite's report on one line, without its "*** in database main ***" heading.</summary>
    private static string OneLine(string? report) =>
        string.Join("; ", (report ?? "no answer").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => !l.StartsWith("***", StringComparison.Ordinal)));

    /// <summary>SQLite's refusal of a store file, by cause, as one line naming the file.</summary>
    private static AlfcInputException Refusal(string path, SqliteException e, bool readOnly)
    {
        var sqlite = OneLine(e.Message);
        return AlfcInputException.In(path, e.SqliteErrorCode switch
        {
            11 => $"the results store is damaged ({sqlite}); it was not changed: restore a copy, or name a new store",
            26 => "not an SQLite database, so not an ALfc results store (it was not changed)",
            5 or 6 => $"busy: another process holds a lock on it ({sqlite})",
            // A WAL store is read through STORE-shm beside it, which SQLite must be able to create even to read.
            8 or 14 when readOnly => $"cannot be read here: permission denied on it or on its folder, where SQLite keeps the -shm and -wal files ({sqlite})",
            8 or 14 => $"cannot be written: permission denied on it or on its folder ({sqlite})",
            _ => $"cannot open results store: {sqlite}",
        });
    }

    /// <summary>Whether the trials table has its kind column (an earlier ALfc's store read read-only has not: all its trials are training trials).</summary>
    private string KindColumn => KindColumnOf(connection);

    private static string KindColumnOf(SqliteConnection connection) =>
        Scalar<long>(connection, "SELECT count(*) FROM pragma_table_info('trials') WHERE name = 'kind'") > 0 ? "t.kind" : $"'{TrainingTrialKind.KindName}'";

    /// <summary>
    /// Records a sweep and its trials. New trials are queued; finished ones are kept; trials left 'running' by an
    /// interrupted run and trials that failed before are queued again with their attempts reset; every trial takes the
    /// plan's repetition number. Trials an edited grid no longer plans leave the sweep (so they neither run nor enter its reports) but stay in the store with
    /// their results: a grid that plans them again gets them back as they were.
    /// </summary>
    public SweepRegistration Register(SweepPlan plan)
    {
        using var transaction = connection.BeginTransaction();
        var now = Now();
        Execute(connection, "INSERT INTO sweeps(id, grid_json, created_at, updated_at) VALUES ($id, $grid, $now, $now) ON CONFLICT(id) DO UPDATE SET grid_json = $grid, updated_at = $now",
            transaction, ("$id", plan.Name), ("$grid", plan.Json), ("$now", now));
        int added = 0;
        foreach (var t in plan.Trials)
        {
            var group = t.Spec.Group;
            added += Execute(connection, """
                INSERT OR IGNORE INTO trials(id, kind, dataset, method, alpha, schedule, repetition, seed, config_json, status)
                VALUES ($id, $kind, $dataset, $method, $alpha, $schedule, $repetition, $seed, $config, 'queued')
                """, transaction, ("$id", t.Id), ("$kind", t.Spec.Kind), ("$dataset", group.Dataset), ("$method", group.Method), ("$alpha", group.Parameter),
                ("$schedule", group.Variant), ("$repetition", t.Repetition), ("$seed", t.Spec.Seed), ("$config", t.Spec.CanonicalJson()));
            Execute(connection, "INSERT OR IGNORE INTO sweep_trials(sweep_id, trial_id) VALUES ($s, $t)", transaction, ("$s", plan.Name), ("$t", t.Id));
            // A trial kept from a run with another base seed is this plan's repetition seed - base now, as a new one would
            // be: otherwise --base-seed 1 after 0 shows two trials as repetition 2 and none as 0. (A trial shared by two
            // sweeps of one store with different base seeds is numbered as the sweep registered last numbers it.)
            Execute(connection, "UPDATE trials SET repetition = $repetition WHERE id = $id AND repetition <> $repetition", transaction,
                ("$id", t.Id), ("$repetition", t.Repetition));
        }
        var planned = plan.Trials.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        var linked = new List<string>();
        using (var command = Command(connection, "SELECT trial_id FROM sweep_trials WHERE sweep_id = $s", transaction, ("$s", plan.Name)))
        using (var reader = command.ExecuteReader())
            while (reader.Read()) linked.Add(reader.GetString(0));
        int left = 0;
        foreach (var id in linked.Where(id => !planned.Contains(id)))
            left += Execute(connection, "DELETE FROM sweep_trials WHERE sweep_id = $s AND trial_id = $t", transaction, ("$s", plan.Name), ("$t", id));
        // A failed trial gets a fresh set of attempts; one left 'running' by a process that died was interrupted, not
        // failed, so it gets its attempt back.
        int resumed = Execute(connection, """
            UPDATE trials SET status = 'queued', attempts = CASE WHEN status = 'failed' THEN 0 ELSE max(attempts - 1, 0) END, node = NULL
            WHERE status IN ('running', 'failed') AND id IN (SELECT trial_id FROM sweep_trials WHERE sweep_id = $s)
            """, transaction, ("$s", plan.Name));
        // Only a sweep holding the store's lock writes it, so any other trial still 'running' was left so by a process
        // that died: one no longer in its grid, or another sweep's. It too goes back to the queue with its attempt.
        Execute(connection, "UPDATE trials SET status = 'queued', attempts = max(attempts - 1, 0), node = NULL WHERE status = 'running'", transaction);
        transaction.Commit();
        var status = Status(plan.Name);
        return new SweepRegistration(plan.Name, plan.Trials.Count, added, resumed, status.Done, left);
    }

    /// <summary>The sweep's unfinished trials with their config and attempts so far, in trial order.</summary>
    public IReadOnlyList<UnfinishedTrial> Unfinished(string sweepId)
    {
        using var command = Command(connection, $"""
            SELECT t.id, {KindColumn}, t.config_json, t.attempts FROM trials t JOIN sweep_trials s ON s.trial_id = t.id
            WHERE s.sweep_id = $s AND t.status IN ('queued', 'running') ORDER BY t.dataset, t.method, t.alpha, t.repetition, t.id
            """, null, ("$s", sweepId));
        using var reader = command.ExecuteReader();
        var result = new List<UnfinishedTrial>();
        while (reader.Read()) result.Add(new UnfinishedTrial(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
        return result;
    }

    public void MarkRunning(string trialId, string node, int attempt) =>
        Execute(connection, "UPDATE trials SET status = 'running', node = $node, attempts = $attempt, started_at = $now WHERE id = $id AND status <> 'done'",
            null, ("$id", trialId), ("$node", node), ("$attempt", attempt), ("$now", Now()));

    /// <summary>Writes a result, its cells and the trial's 'done' status in one transaction. False if the trial was already done (a late duplicate).</summary>
    public bool RecordResult(string trialId, string node, ITrialRecord record, string recordJson)
    {
        using var transaction = connection.BeginTransaction();
        if (Scalar<string>(connection, "SELECT status FROM trials WHERE id = $id", transaction, ("$id", trialId)) is not { } status)
            throw new InvalidOperationException($"trial {trialId} is not in the store");
        if (status == "done") return false;
        var summary = record.Summary;
        Execute(connection, """
            INSERT INTO results(trial_id, clean, confusion_mae, epochs_run, train_seconds, eval_seconds, record_json)
            VALUES ($id, $clean, $mae, $epochs, $train, $eval, $json)
            """, transaction, ("$id", trialId), ("$clean", double.IsNaN(summary.Headline) ? DBNull.Value : summary.Headline), ("$mae", (object?)summary.ConfusionMae ?? DBNull.Value),
            ("$epochs", summary.EpochsRun), ("$train", summary.TrainSeconds), ("$eval", summary.EvalSeconds), ("$json", recordJson));
        foreach (var (key, value) in record.Cells())
            Execute(connection, "INSERT INTO cells(trial_id, box, attack, eps, accuracy) VALUES ($id, $box, $attack, $eps, $acc)", transaction,
                ("$id", trialId), ("$box", Boxes.Name(key.Box)), ("$attack", key.Attack), ("$eps", key.Eps), ("$acc", value));
        Execute(connection, "UPDATE trials SET status = 'done', node = $node, finished_at = $now, last_error = NULL WHERE id = $id", transaction,
            ("$id", trialId), ("$node", node), ("$now", Now()));
        transaction.Commit();
        return true;
    }

    /// <summary>Records a failed attempt: the trial goes back to 'queued', or to 'failed' when <paramref name="final"/>. A null node keeps the one stored.</summary>
    public void RecordFailure(string trialId, string? node, int attempt, string error, bool final) =>
        Execute(connection, "UPDATE trials SET status = $status, node = coalesce($node, node), attempts = $attempt, last_error = $error, finished_at = $now WHERE id = $id AND status <> 'done'",
            null, ("$id", trialId), ("$status", final ? "failed" : "queued"), ("$node", (object?)node ?? DBNull.Value), ("$attempt", attempt), ("$error", error), ("$now", Now()));

    /// <summary>
    /// A running trial goes back to the queue, its attempt given back: its node was lost (an interruption is not a
    /// failure), or declined it for lack of inputs, whose <paramref name="reason"/> is kept as the trial's last error so
    /// <c>alfc status</c> and <c>alfc show</c> say why it waits.
    /// </summary>
    public void Requeue(string trialId, string? reason = null) =>
        Execute(connection, "UPDATE trials SET status = 'queued', node = NULL, attempts = max(attempts - 1, 0), last_error = coalesce($error, last_error) WHERE id = $id AND status = 'running'",
            null, ("$id", trialId), ("$error", (object?)reason ?? DBNull.Value));

    /// <summary>After an orderly stop, the trials that were running go back to the queue with their attempt given back (a resume would do it too).</summary>
    public int RequeueRunning(string sweepId) =>
        Execute(connection, "UPDATE trials SET status = 'queued', node = NULL, attempts = max(attempts - 1, 0) WHERE status = 'running' AND id IN (SELECT trial_id FROM sweep_trials WHERE sweep_id = $s)",
            null, ("$s", sweepId));

    public StoreStatus Status(string sweepId)
    {
        using var command = Command(connection, """
            SELECT t.status, count(*) FROM trials t JOIN sweep_trials s ON s.trial_id = t.id WHERE s.sweep_id = $s GROUP BY t.status
            """, null, ("$s", sweepId));
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<string, int>();
        while (reader.Read()) counts[reader.GetString(0)] = reader.GetInt32(1);
        return new StoreStatus(sweepId, counts.Values.Sum(), counts.GetValueOrDefault("done"), counts.GetValueOrDefault("running"),
            counts.GetValueOrDefault("queued"), counts.GetValueOrDefault("failed"));
    }

    public IReadOnlyList<string> SweepIds()
    {
        using var command = Command(connection, "SELECT id FROM sweeps ORDER BY created_at", null);
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read()) ids.Add(reader.GetString(0));
        return ids;
    }

    /// <summary>The sweeps whose grid holds <paramref name="trialId"/>, oldest first.</summary>
    public IReadOnlyList<string> SweepsOf(string trialId)
    {
        using var command = Command(connection, "SELECT s.id FROM sweeps s JOIN sweep_trials st ON st.sweep_id = s.id WHERE st.trial_id = $t ORDER BY s.created_at", null, ("$t", trialId));
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read()) ids.Add(reader.GetString(0));
        return ids;
    }

    /// <summary>
    /// Done trials per node with the devices they ran on, and every done trial's finish time in order (for rates).
    /// Records from before devices were recorded ran on the CPU: no earlier version could use anything else.
    /// </summary>
    public (IReadOnlyDictionary<string, int> ByNode, IReadOnlyDictionary<string, IReadOnlyList<string>> DevicesByNode, IReadOnlyList<DateTime> Finished) Throughput(string sweepId)
    {
        using var command = Command(connection, """
            SELECT t.node, t.finished_at, coalesce(json_extract(r.record_json, '$.device'), 'cpu')
            FROM trials t JOIN sweep_trials s ON s.trial_id = t.id LEFT JOIN results r ON r.trial_id = t.id
            WHERE s.sweep_id = $s AND t.status = 'done' ORDER BY t.finished_at
            """, null, ("$s", sweepId));
        using var reader = command.ExecuteReader();
        var byNode = new Dictionary<string, int>();
        var devices = new Dictionary<string, SortedSet<string>>();
        var finished = new List<DateTime>();
        while (reader.Read())
        {
            var node = reader.IsDBNull(0) ? "?" : reader.GetString(0);
            byNode[node] = byNode.GetValueOrDefault(node) + 1;
            (devices.TryGetValue(node, out var set) ? set : devices[node] = new SortedSet<string>(StringComparer.Ordinal)).Add(reader.GetString(2));
            if (!reader.IsDBNull(1)) finished.Add(DateTime.Parse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
        }
        return (byNode, devices.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.ToList()), finished);
    }

    /// <summary>The stored records of a sweep's done trials, with their kind.</summary>
    public IReadOnlyList<(string Kind, string Json)> ResultRecords(string sweepId)
    {
        using var command = Command(connection, $"""
            SELECT {KindColumn}, r.record_json FROM results r JOIN trials t ON t.id = r.trial_id JOIN sweep_trials s ON s.trial_id = r.trial_id
            WHERE s.sweep_id = $s ORDER BY r.trial_id
            """, null, ("$s", sweepId));
        using var reader = command.ExecuteReader();
        var records = new List<(string, string)>();
        while (reader.Read()) records.Add((reader.GetString(0), reader.GetString(1)));
        return records;
    }

    /// <summary>Every trial of a sweep with its status and, when done, its record (for reports).</summary>
    public IReadOnlyList<StoredTrial> Trials(string sweepId)
    {
        using var command = Command(connection, $"""
            SELECT {TrialColumns}
            FROM trials t JOIN sweep_trials s ON s.trial_id = t.id LEFT JOIN results r ON r.trial_id = t.id
            WHERE s.sweep_id = $s ORDER BY t.dataset, t.method, t.alpha, t.repetition
            """, null, ("$s", sweepId));
        return ReadTrials(command);
    }

    /// <summary>One trial by id, or by a unique prefix of it, whatever sweep it belongs to; null when there is none.</summary>
    public StoredTrial? Trial(string idOrPrefix)
    {
        using var command = Command(connection, $"""
            SELECT {TrialColumns} FROM trials t LEFT JOIN results r ON r.trial_id = t.id WHERE substr(t.id, 1, length($p)) = $p ORDER BY t.id LIMIT 2
            """, null, ("$p", idOrPrefix));
        var found = ReadTrials(command);
        if (found.Count > 1 && found.All(t => t.Id != idOrPrefix)) throw AlfcInputException.In(Path, $"trial id '{idOrPrefix}' is ambiguous (give more digits)");
        return found.FirstOrDefault(t => t.Id == idOrPrefix) ?? found.FirstOrDefault();
    }

    /// <summary>The status of each of <paramref name="ids"/> the store holds (trials it does not hold are absent), whatever sweep they belong to.</summary>
    public IReadOnlyDictionary<string, string> Statuses(IEnumerable<string> ids)
    {
        var wanted = ids.ToHashSet(StringComparer.Ordinal);
        // A store of an earlier version may hold a trial under the id of a config in another form (the order of its
        // attacks, eps or victims), which the next sweep on it re-keys (StoreMigration): count it under that id already.
        bool earlier = Scalar<long>(connection, "PRAGMA user_version") < SchemaVersion;
        using var command = Command(connection, $"SELECT t.id, t.status, {KindColumn}, t.config_json FROM trials t", null);
        using var reader = command.ExecuteReader();
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var id = earlier ? CanonicalId(reader.GetString(0), reader.GetString(2), reader.GetString(3)) : reader.GetString(0);
            if (wanted.Contains(id) && statuses.GetValueOrDefault(id) != "done") statuses[id] = reader.GetString(1);
        }
        return statuses;
    }

    /// <summary>The id this build gives a stored trial's config; its stored id where the config cannot be read.</summary>
    private static string CanonicalId(string id, string kind, string config) =>
        TrialKindRegistry.Default.TryReadSpec(kind, config) is { } spec ? TrialIds.Of(spec) : id;

    /// <summary>The grid a sweep was last registered with, as stored.</summary>
    public string? GridJson(string sweepId) => Scalar<string>(connection, "SELECT grid_json FROM sweeps WHERE id = $s", null, ("$s", sweepId));

    private string TrialColumns => $"""
        t.id, {KindColumn}, t.dataset, t.method, t.alpha, t.schedule, t.repetition, t.seed, t.status, r.record_json,
        t.config_json, t.attempts, t.node, t.started_at, t.finished_at, t.last_error
        """;

    private static List<StoredTrial> ReadTrials(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var trials = new List<StoredTrial>();
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        while (reader.Read())
            trials.Add(new StoredTrial(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetDouble(4), reader.GetString(5),
                reader.GetInt32(6), reader.GetInt64(7), reader.GetString(8), Text(9))
            {
                ConfigJson = reader.GetString(10), Attempts = reader.GetInt32(11), Node = Text(12), StartedAt = Text(13), FinishedAt = Text(14), LastError = Text(15),
            });
        return trials;
    }

    /// <summary>
    /// Marks killed every run still open: that of a process that died without a word (kill -9, power loss), since the
    /// store's lock, held by the caller, says none runs. Its end time is unknown, so it stays empty. Called by every
    /// sweep start, including one that finds nothing to run.
    /// </summary>
    public void CloseAbandonedRuns() => Execute(connection, "UPDATE runs SET outcome = 'killed' WHERE outcome IS NULL", null);

    /// <summary>Records that a sweep process started on this machine: its build, libraries, data root and data checksums (JSON). Returns the run's id.</summary>
    public long StartRun(string sweepId, string? dataRoot, string dataJson)
    {
        CloseAbandonedRuns();
        Execute(connection, """
            INSERT INTO runs(sweep_id, started_at, host, alfc_version, alfc_commit, dotnet, torchsharp, libtorch, data_root, data_json)
            VALUES ($s, $now, $host, $version, $commit, $dotnet, $torchsharp, $libtorch, $root, $data)
            """, null, ("$s", sweepId), ("$now", Now()), ("$host", Environment.MachineName), ("$version", BuildInfo.Version), ("$commit", BuildInfo.Commit),
            ("$dotnet", BuildInfo.DotNet), ("$torchsharp", BuildInfo.TorchSharp), ("$libtorch", BuildInfo.LibTorch),
            ("$root", (object?)dataRoot ?? DBNull.Value), ("$data", dataJson));
        return Scalar<long>(connection, "SELECT last_insert_rowid()");
    }

    /// <summary>Records how a sweep process ended: finished, failed (some trials failed for good) or interrupted.</summary>
    public void FinishRun(long runId, string outcome) =>
        Execute(connection, "UPDATE runs SET finished_at = $now, outcome = $outcome WHERE id = $id", null, ("$id", runId), ("$now", Now()), ("$outcome", outcome));

    /// <summary>Every recorded run of a sweep, oldest first; none for a store written before runs were recorded (schema 1 and 2).</summary>
    public IReadOnlyList<SweepRun> Runs(string sweepId)
    {
        if (Scalar<long>(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'runs'") == 0) return [];
        using var command = Command(connection, """
            SELECT started_at, finished_at, outcome, host, alfc_version, alfc_commit, dotnet, torchsharp, libtorch, data_root, data_json
            FROM runs WHERE sweep_id = $s ORDER BY id
            """, null, ("$s", sweepId));
        using var reader = command.ExecuteReader();
        var runs = new List<SweepRun>();
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        while (reader.Read())
            runs.Add(new SweepRun(reader.GetString(0), Text(1), Text(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6),
                reader.GetString(7), reader.GetString(8), Text(9), reader.GetString(10)));
        return runs;
    }

    /// <summary>When a sweep was first registered.</summary>
    public string? SweepCreated(string sweepId) => Scalar<string>(connection, "SELECT created_at FROM sweeps WHERE id = $s", null, ("$s", sweepId));

    public void Dispose() => connection.Dispose();

    private static string Now() => DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    internal static SqliteCommand Command(SqliteConnection connection, string sql, SqliteTransaction? transaction, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }

    internal static int Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, sql, transaction, parameters);
        return command.ExecuteNonQuery();
    }

    internal static T? Scalar<T>(SqliteConnection connection, string sql, SqliteTransaction? transaction = null, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, sql, transaction, parameters);
        var value = command.ExecuteScalar();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, typeof(T), CultureInfo.InvariantCulture);
    }
}

/// <summary>What registering a grid did: trials planned, newly added, requeued, already done, and no longer planned (<see cref="LeftGrid"/>).</summary>
public sealed record SweepRegistration(string SweepId, int Trials, int Added, int Requeued, int AlreadyDone, int LeftGrid = 0)
{
    /// <summary>Trials queued before this run that it neither added nor resumed: an earlier run stopped before reaching them.</summary>
    public int StillQueued => Math.Max(0, Trials - Added - Requeued - AlreadyDone);
}

/// <summary>A queued or running trial as the coordinator needs it: id, kind, config and attempts so far.</summary>
public sealed record UnfinishedTrial(string Id, string Kind, string ConfigJson, int Attempts);

/// <summary>One stored trial: its key fields, status and, when done, its record JSON; then its config and where and when it last ran.</summary>
public sealed record StoredTrial(string Id, string Kind, string Dataset, string Method, double Alpha, string Schedule, int Repetition, long Seed, string Status, string? RecordJson)
{
    public string ConfigJson { get; init; } = "{}";
    public int Attempts { get; init; }
    public string? Node { get; init; }
    public string? StartedAt { get; init; }
    public string? FinishedAt { get; init; }
    public string? LastError { get; init; }
}

/// <summary>One sweep process's run as the runs table keeps it: when, how it ended, on which machine, build and libraries, with which data.</summary>
public sealed record SweepRun(string StartedAt, string? FinishedAt, string? Outcome, string Host, string AlfcVersion, string AlfcCommit, string DotNet,
    string TorchSharp, string LibTorch, string? DataRoot, string DataJson);

/// <summary>Trials per status for one sweep.</summary>
public sealed record StoreStatus(string SweepId, int Total, int Done, int Running, int Queued, int Failed)
{
    public bool Finished => SweepCounts.Finished(Total, Done, Failed);
}
