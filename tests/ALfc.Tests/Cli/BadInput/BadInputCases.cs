namespace ALfc.Tests.Cli.BadInput;

/// <summary>
/// The hostile inputs, one or more per cause of issue 12: malformed .npy files, empty and column-less datasets, grids of
/// the wrong JSON type or size, foreign, empty, damaged or busy stores, paths that collide or cannot be written, file
/// permissions, and every network and count flag of both executables.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes; ALfc runs on Linux
public static class BadInputCases
{
    private static BadInputCase Data(string cause, string dataset, Func<Scratch, string[]> names, Action<Scratch> arrange) =>
        new(cause, "alfc", s => ["data", "--dataset", dataset, "--data", s.Dir], names, s => { arrange(s); return null; });

    private static BadInputCase LabelMe(string cause, string names, Action<Scratch> arrange) =>
        Data(cause, "labelme", s => [s.LabelMe("data_train_vgg16.npy"), names], arrange);

    private static BadInputCase Grid(string cause, string json, string names) =>
        new(cause, "alfc", s => ["sweep", "--grid", Path.Combine(s.Dir, "bad.json"), "--store", s.NewStore], s => [Path.Combine(s.Dir, "bad.json"), names],
            s => { s.WriteGrid(json); return null; });

    private static BadInputCase Sweep(string cause, string[] flags, string names, Func<Scratch, IDisposable?>? arrange = null) =>
        new(cause, "alfc", s => ["sweep", "--grid", s.Grid, "--store", s.NewStore, .. flags.Select(f => f.Replace("{port}", s.Port.ToString()))], _ => [names], arrange);

    private static BadInputCase Node(string cause, string[] flags, string names, Func<Scratch, IDisposable?>? arrange = null) =>
        new(cause, "alfc-node", s => [.. flags.Select(f => f.Replace("{port}", s.Port.ToString()))], _ => [names], arrange);

    private static BadInputCase Store(string cause, string command, Func<Scratch, string> store, string names, Func<Scratch, IDisposable?>? arrange = null, bool permissions = false) =>
        new(cause, "alfc", s => command switch
        {
            "sweep" => ["sweep", "--grid", s.Grid, "--store", store(s)],
            "report" => ["report", "--store", store(s), "--out", Path.Combine(s.Dir, "report")],
            _ => [command, "--store", store(s)],
        }, s => [store(s), names], arrange, permissions);

    private static IDisposable? Damage(Scratch s)
    {
        // Overwrite the second page onwards with a pattern: the marker on page 1 still says ALfc, the tables are gone.
        var bytes = File.ReadAllBytes(s.Store);
        for (int i = 4096; i < bytes.Length; i += 7) bytes[i] = 0x5A;
        File.WriteAllBytes(s.Store, bytes);
        return null;
    }

    private static IDisposable? Sql(Scratch s, string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={s.Store};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
        return null;
    }

    /// <summary>An empty SQLite file carrying ALfc's marker: it claims to be a store, but has no tables.</summary>
    private static IDisposable? MarkerOnly(Scratch s)
    {
        File.Delete(s.Store);
        Sql(s, $"PRAGMA application_id = {Coordinator.Store.ResultsStore.ApplicationId}; PRAGMA user_version = 3; CREATE TABLE other (x);");
        return null;
    }

    public static IReadOnlyList<BadInputCase> All { get; } =
    [
        // Malformed .npy headers and files.
        LabelMe("npy shape negative", "field 'shape'", s => s.WriteShape("data_train_vgg16.npy", "(-5, 2, 2, 3)")),
        LabelMe("npy shape non-numeric", "field 'shape'", s => s.WriteShape("data_train_vgg16.npy", "('five', 12)")),
        LabelMe("npy shape not whole", "field 'shape'", s => s.WriteShape("data_train_vgg16.npy", "(5.5, 12)")),
        LabelMe("npy shape beyond an int", "field 'shape'", s => s.WriteShape("data_train_vgg16.npy", "(4294967296, 12)")),
        LabelMe("npy shape product overflows 64 bits", "field 'shape'", s => s.WriteShape("data_train_vgg16.npy", "(2147483647, 2147483647, 2147483647)")),
        LabelMe("npy shape huge for the file", "truncated data", s => s.WriteShape("data_train_vgg16.npy", "(1000000000, 512)")),
        LabelMe("npy data truncated", "truncated data", s => s.Truncate(s.LabelMe("data_train_vgg16.npy"), 200)),
        LabelMe("npy header truncated", "truncated header", s => s.Truncate(s.LabelMe("data_train_vgg16.npy"), 40)),
        LabelMe("npy file shorter than a header", "truncated", s => s.Truncate(s.LabelMe("data_train_vgg16.npy"), 7)),
        LabelMe("npy header length near 2^32", "truncated header", s => s.WriteNpy("data_train_vgg16.npy", 2, 0xFFFF_FFF0L, "{'descr': '<f4', }", 0)),
        LabelMe("npy header length implausible", "header length", s => s.WriteNpy("data_train_vgg16.npy", 3, 200_000, "{'descr': '<f4', }" + new string(' ', 200_000), 0)),
        LabelMe("npy zero feature columns", "no feature columns", s => s.WriteShape("data_train_vgg16.npy", "(5, 0)")),
        LabelMe("npy bad magic", "bad magic", s => File.WriteAllText(s.LabelMe("data_train_vgg16.npy"), "not numpy at all")),
        Data("npy answers with zero workers", "labelme", s => [s.LabelMe("answers.npy"), "no worker columns"],
            s => ALfc.Core.Data.Io.Npy.Write(s.LabelMe("answers.npy"), [5, 0], "<i8", [])),
        // Empty inputs.
        Data("csv zero feature columns", "music", s => [s.Music("music_genre_gold.csv"), "no feature columns"],
            s => File.WriteAllText(s.Music("music_genre_gold.csv"), "id,class\na,rock\nb,pop\n")),
        Data("csv test set header only", "music", s => [s.Music("music_genre_test.csv"), "no rows"],
            s => File.WriteAllText(s.Music("music_genre_test.csv"), "id,f1,f2,class\n")),
        Data("csv answers header only", "music", s => [s.Music("music_genre_mturk.csv"), "no rows"],
            s => File.WriteAllText(s.Music("music_genre_mturk.csv"), "id,annotator,class\n")),
        // Grids.
        Grid("grid name an object", """{ "name": { "a": 1 }, "datasets": ["synthetic"], "methods": ["mv"] }""", "name"),
        Grid("grid schedule an object", """{ "schedule": { "a": 1 }, "datasets": ["synthetic"], "methods": ["mv"] }""", "schedule"),
        Grid("grid description an object", """{ "description": { "a": 1 }, "datasets": ["synthetic"], "methods": ["mv"] }""", "description"),
        Grid("grid repetitions 10^10", """{ "repetitions": 10000000000, "datasets": ["synthetic"], "methods": ["mv"] }""", "repetitions"),
        Grid("grid baseSeed 10^20", """{ "baseSeed": 100000000000000000000, "datasets": ["synthetic"], "methods": ["mv"] }""", "baseSeed"),
        Grid("grid a list, not an object", """[1, 2]""", "must be a JSON object"),
        Grid("grid an empty file", "", "empty"),
        Grid("grid beyond a million trials", """{ "repetitions": 100000, "datasets": ["synthetic", "music"], "methods": ["mv", "gt", "alfc"], "alphas": [0.1, 0.5, 0.9, 1.0] }""", "1200000 trials"),
        new("grid a folder", "alfc", s => ["sweep", "--grid", s.Dir, "--store", s.NewStore], s => [s.Dir, "is a folder, not a file"]),
        // Stores that are not ALfc's, are damaged, or are in use.
        Store("store another program's database (sweep)", "sweep", s => s.Foreign, "not an ALfc results store"),
        Store("store another program's database (status)", "status", s => s.Foreign, "not an ALfc results store"),
        Store("store another program's database (report)", "report", s => s.Foreign, "not an ALfc results store"),
        Store("store a text file", "sweep", s => s.Text, "not an SQLite database"),
        Store("store an empty file", "status", s => Path.Combine(s.Dir, "empty.db"), "an empty file", s => { File.WriteAllBytes(Path.Combine(s.Dir, "empty.db"), []); return null; }),
        Store("store damaged (status)", "status", s => s.Store, "damaged", Damage),
        Store("store damaged (report)", "report", s => s.Store, "damaged", Damage),
        Store("store damaged (sweep)", "sweep", s => s.Store, "damaged", Damage),
        Store("store with ALfc's marker but no tables (sweep)", "sweep", s => s.Store, "its table 'sweeps' is missing", MarkerOnly),
        Store("store with ALfc's marker but no tables (status)", "status", s => s.Store, "its table 'sweeps' is missing", MarkerOnly),
        Store("store with a config cut short (status)", "status", s => s.Store, "its config is not valid JSON", s => Sql(s, "UPDATE trials SET config_json = '{\"cut'")),
        Store("store with a config cut short (report)", "report", s => s.Store, "its config is not valid JSON", s => Sql(s, "UPDATE trials SET config_json = '{\"cut'")),
        // Valid JSON that is not an object once crashed export (internal error, exit 1).
        Store("store with a config that is a list (report)", "report", s => s.Store, "its config is not a trial config", s => Sql(s, "UPDATE trials SET config_json = '[]'")),
        new("store log another program's file", "alfc", s => ["sweep", "--grid", s.Grid, "--store", s.NewStore], s => [Path.Combine(s.Dir, "new.log"), "not an ALfc log"],
            s => { File.WriteAllText(Path.Combine(s.Dir, "new.log"), "my precious log notes\n"); return null; }),
        new("store lock another program's file", "alfc", s => ["sweep", "--grid", s.Grid, "--store", s.NewStore], s => [s.NewStore + ".lock", "not an ALfc lock file"],
            s => { File.WriteAllText(s.NewStore + ".lock", "my lock notes\n"); return null; }),
        new("store log a symbolic link", "alfc", s => ["sweep", "--grid", s.Grid, "--store", s.NewStore], s => [Path.Combine(s.Dir, "new.log"), "symbolic link"],
            s => { File.CreateSymbolicLink(Path.Combine(s.Dir, "new.log"), s.Text); return null; }),
        Store("store in a folder that does not exist", "sweep", s => Path.Combine(s.Dir, "nowhere", "r.db"), "does not exist"),
        Store("store that would be its own log", "sweep", s => Path.Combine(s.Dir, "r.log"), "own log file"),
        Store("store a folder", "sweep", s => s.Dir + "/music", "is a folder"),
        new("store lock a folder", "alfc", s => ["sweep", "--grid", s.Grid, "--store", s.Store], s => [s.Store + ".lock", "is a folder"],
            s => { Directory.CreateDirectory(s.Store + ".lock"); return null; }),
        Store("store in use by a running sweep", "sweep", s => s.Store, "in use by another running sweep", s => Coordinator.Store.StoreLock.Acquire(s.Store)),
        Store("store in use, named through a symbolic link", "sweep", s => Path.Combine(s.Dir, "link.db"), "in use by another running sweep",
            s => { File.CreateSymbolicLink(Path.Combine(s.Dir, "link.db"), s.Store); return Coordinator.Store.StoreLock.Acquire(s.Store); }),
        // SQLite keeps the write-ahead log by name, so a second name (a hard link) would read and write beside it.
        Store("store with a second hard link", "sweep", s => Path.Combine(s.Dir, "hard.db"), "has 2 hard links",
            s => { System.Diagnostics.Process.Start("ln", [s.Store, Path.Combine(s.Dir, "hard.db")])!.WaitForExit(); return null; }),
        Store("store with a second hard link, read", "status", s => s.Store, "has 2 hard links",
            s => { System.Diagnostics.Process.Start("ln", [s.Store, Path.Combine(s.Dir, "hard.db")])!.WaitForExit(); return null; }),
        Store("store path empty", "sweep", _ => "", "--store: the path is empty"),
        // File permissions.
        new("permission denied on a data file", "alfc", s => ["data", "--dataset", "music", "--data", s.Dir], s => [s.Music("music_genre_gold.csv"), "permission denied"],
            s => Scratch.Deny(s.Music("music_genre_gold.csv")), HonourFilePermissions: true),
        new("permission denied on the grid", "alfc", s => ["sweep", "--grid", s.Grid, "--store", s.NewStore], s => [s.Grid, "permission denied"],
            s => Scratch.Deny(s.Grid), HonourFilePermissions: true),
        new("permission denied on the store's folder", "alfc", s => ["sweep", "--grid", s.Grid, "--store", Path.Combine(s.Dir, "ro", "r.db")], s => [Path.Combine(s.Dir, "ro", "r.db.lock"), "permission denied"],
            s => { Directory.CreateDirectory(Path.Combine(s.Dir, "ro")); return Scratch.Deny(Path.Combine(s.Dir, "ro"), UnixFileMode.UserRead | UnixFileMode.UserExecute); }, HonourFilePermissions: true),
        Store("permission denied on the store (status)", "status", s => s.Store, "permission denied", s => Scratch.Deny(s.Store), permissions: true),
        // Flags of alfc, checked before anything is written.
        Sweep("--listen port out of range", ["--listen", "127.0.0.1:99999"], "--listen"),
        Sweep("--listen host unresolvable", ["--listen", "nosuchhost.invalid:4000"], "--listen"),
        Sweep("--listen not this machine", ["--listen", "203.0.113.7:4000"], "--listen"),
        Sweep("--listen port in use", ["--listen", "127.0.0.1:{port}"], "--listen", s => s.Listen()),
        Sweep("--listen not HOST:PORT", ["--listen", "localhost"], "--listen"),
        Sweep("--slots negative", ["--slots", "-1"], "--slots"),
        Sweep("--slots absurd", ["--slots", "100000"], "--slots"),
        Sweep("--max-attempts zero", ["--max-attempts", "0"], "--max-attempts"),
        Sweep("--repetitions zero", ["--repetitions", "0"], "--repetitions: must be from 1 to 100000, got 0"),
        Sweep("--base-seed past 2^53", ["--base-seed", "9007199254740993"], "--base-seed"),
        Sweep("--log-interval zero", ["--log-interval", "0"], "--log-interval"),
        Sweep("--data missing", ["--data", "/nonexistent/alfc-data"], "--data"),
        new("--report a file", "alfc", s => ["sweep", "--grid", s.Grid, "--store", s.NewStore, "--report", s.Text], _ => ["--report"]),
        new("--report a folder of other files", "alfc", s => ["sweep", "--grid", s.Grid, "--store", s.NewStore, "--report", s.Dir + "/music"], _ => ["--report", "not an ALfc report"]),
        new("report --out a folder of other files", "alfc", s => ["report", "--store", s.Store, "--out", s.Dir + "/music"], _ => ["--out", "not an ALfc report"]),
        Sweep("--listen port 0", ["--listen", "127.0.0.1:0"], "--listen"),
        Sweep("--listen IPv6 without brackets", ["--listen", "::1:4000"], "in brackets"),
        Node("node --seeds IPv6 without brackets", ["--seeds", "::1:4000"], "in brackets"),
        Grid("grid number past 64 bits", """{ "datasets": ["synthetic"], "methods": ["alfc"], "alphas": [99999999999999999999] }""", "alphas[0]"),
        new("report into an earlier report holding a symbolic link", "alfc", s => ["report", "--store", s.Store, "--out", Path.Combine(s.Dir, "rep")], _ => ["--out", "symbolic link"],
            s =>
            {
                Directory.CreateDirectory(Path.Combine(s.Dir, "rep"));
                File.WriteAllText(Path.Combine(s.Dir, "rep", ".alfc-report"), "written by alfc report; a later report may rewrite this folder\n");
                File.CreateSymbolicLink(Path.Combine(s.Dir, "rep", "index.html"), s.Text);
                return null;
            }),
        new("report into a folder with a planted marker", "alfc", s => ["report", "--store", s.Store, "--out", Path.Combine(s.Dir, "rep")], _ => ["--out", "not an ALfc report"],
            s =>
            {
                Directory.CreateDirectory(Path.Combine(s.Dir, "rep"));
                File.WriteAllText(Path.Combine(s.Dir, "rep", ".alfc-report"), "garbage");
                File.WriteAllText(Path.Combine(s.Dir, "rep", "index.html"), "the user's page");
                return null;
            }),
        Sweep("--listen port 0, dry run", ["--listen", "127.0.0.1:0", "--dry-run"], "--listen"),
        new("grid eps list too long", "alfc", s => ["sweep", "--grid", Path.Combine(s.Dir, "bad.json"), "--store", s.NewStore], s => [Path.Combine(s.Dir, "bad.json"), "eps.synthetic"],
            s => { s.WriteGrid($$"""{ "datasets": ["synthetic"], "methods": ["mv"], "eps": { "synthetic": [{{string.Join(", ", Enumerable.Repeat("0.01", 257))}}] } }"""); return null; }),
        new("train --lr negative", "alfc", _ => ["train", "--lr", "-1"], _ => ["--lr:"]),
        new("train --train-eps negative", "alfc", _ => ["train", "--train-eps", "-1"], _ => ["--train-eps:"]),
        new("train --epochs zero", "alfc", _ => ["train", "--epochs", "0"], _ => ["--epochs"]),
        // Flags of alfc-node, checked before its ActorSystem starts (no Akka log, no stack trace before the error).
        Node("node --join-timeout negative", ["--seeds", "127.0.0.1:9", "--join-timeout", "-1"], "--join-timeout"),
        Node("node --rejoin-timeout zero", ["--seeds", "127.0.0.1:9", "--rejoin-timeout", "0"], "--rejoin-timeout: must be from 1 to 86400 seconds, got 0"),
        Node("node --host not an address", ["--seeds", "127.0.0.1:9", "--host", "999.999.999.999"], "--host"),
        Node("node --host not this machine", ["--seeds", "127.0.0.1:9", "--host", "203.0.113.7"], "--host"),
        Node("node --port out of range", ["--seeds", "127.0.0.1:9", "--port", "99999"], "--port"),
        Node("node --port in use", ["--seeds", "127.0.0.1:9", "--port", "{port}"], "--port", s => s.Listen()),
        Node("node --seeds unresolvable", ["--seeds", "nosuchhost.invalid:4000"], "--seeds"),
        Node("node --seeds port out of range", ["--seeds", "127.0.0.1:99999"], "--seeds"),
        Node("node --seeds empty", ["--seeds", ","], "--seeds"),
        Node("node --slots zero", ["--seeds", "127.0.0.1:9", "--slots", "0"], "--slots"),
        Node("node --data missing", ["--seeds", "127.0.0.1:9", "--data", "/nonexistent/alfc-data"], "--data"),
    ];
}
