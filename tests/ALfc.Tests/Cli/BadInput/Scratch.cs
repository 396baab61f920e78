using System.Net;
using System.Net.Sockets;
using ALfc.Coordinator.Store;
using ALfc.Coordinator.Sweeps;
using ALfc.Core.Data.Io;
using ALfc.Core.Trials;
using ALfc.Tests.Data;
using Microsoft.Data.Sqlite;

namespace ALfc.Tests.Cli.BadInput;

/// <summary>
/// The folder a bad-input case runs in, with everything a hostile user could point a command at: a data root with a
/// small music crowd and CrowdLayer's LabelMe layout, a good grid, an ALfc store with a registered sweep, another
/// program's SQLite database and a text file. Every file in it must be byte-identical after a refusal.
/// </summary>
public sealed class Scratch
{
    public const string GoodGrid = """{ "name": "g", "datasets": ["synthetic"], "methods": ["mv"], "epochs": 1, "attacks": ["fgsm"], "eps": { "synthetic": [0.01] } }""";

    public Scratch()
    {
        Dir = LoaderFixtures.PreparedLabelMe();
        var music = Directory.CreateDirectory(Path.Combine(Dir, "music")).FullName;
        File.WriteAllText(Path.Combine(music, "music_genre_gold.csv"), "id,f1,f2,class\na,0.1,0.2,rock\nb,0.3,0.1,pop\nc,0.5,0.5,rock\n");
        File.WriteAllText(Path.Combine(music, "music_genre_test.csv"), "id,f1,f2,class\nd,0.2,0.2,rock\ne,0.3,0.3,pop\n");
        File.WriteAllText(Path.Combine(music, "music_genre_mturk.csv"), "id,annotator,class\na,w1,rock\nb,w1,pop\nc,w2,rock\n");
        File.WriteAllText(Path.Combine(Dir, "grid.json"), GoodGrid);
        using (var store = ResultsStore.OpenForWriting(Store, TrialKindRegistry.Default))
        {
            var grid = GridSpec.Parse(GoodGrid, "grid.json", "g");
            store.Register(grid.Plan());
        }
        using (var connection = new SqliteConnection($"Data Source={Foreign};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE trials (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO trials(name) VALUES ('mine');";
            command.ExecuteNonQuery();
        }
        File.WriteAllText(Text, "someone's notes\n");
    }

    public string Dir { get; }
    public string Store => Path.Combine(Dir, "alfc.db");
    public string Foreign => Path.Combine(Dir, "foreign.db");
    public string Text => Path.Combine(Dir, "notes.txt");
    public string NewStore => Path.Combine(Dir, "new.db");
    public string Grid => Path.Combine(Dir, "grid.json");
    public string LabelMe(string file) => Path.Combine(Dir, "labelme", file);
    public string Music(string file) => Path.Combine(Dir, "music", file);

    /// <summary>A port that something listens on while the case runs (set by <see cref="Listen"/>).</summary>
    public int Port { get; private set; }

    /// <summary>Writes a grid file and returns its path.</summary>
    public string WriteGrid(string json, string name = "bad.json")
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllText(path, json);
        return path;
    }

    /// <summary>Replaces a LabelMe .npy file with raw bytes: a magic, a version, a header length field and a header.</summary>
    public void WriteNpy(string file, byte version, long headerLength, string header, int dataBytes)
    {
        using var stream = File.Create(LabelMe(file));
        using var writer = new BinaryWriter(stream);
        writer.Write(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', version, 0 });
        if (version == 1) writer.Write((ushort)headerLength);
        else writer.Write((uint)headerLength);
        writer.Write(System.Text.Encoding.Latin1.GetBytes(header));
        writer.Write(new byte[dataBytes]);
    }

    /// <summary>A LabelMe feature file whose header states <paramref name="shape"/> over 60 float32s.</summary>
    public void WriteShape(string file, string shape)
    {
        var header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': {shape}, }}".PadRight(117) + "\n";
        WriteNpy(file, 1, header.Length, header, 240);
    }

    /// <summary>Cuts a file to its first <paramref name="bytes"/> bytes.</summary>
    public void Truncate(string path, int bytes) => File.WriteAllBytes(path, File.ReadAllBytes(path)[..bytes]);

    /// <summary>Listens on a free loopback port until disposed.</summary>
    public IDisposable Listen()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        return new Stopper(listener.Stop);
    }

    /// <summary>Takes away every permission on <paramref name="path"/> until disposed (the folder must stay deletable).</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static IDisposable Deny(string path, UnixFileMode left = UnixFileMode.None)
    {
        var before = File.GetUnixFileMode(path);
        File.SetUnixFileMode(path, left);
        return new Stopper(() => File.SetUnixFileMode(path, before));
    }

    /// <summary>Every file under the folder with its bytes, to compare before and after a command.</summary>
    public Dictionary<string, string> Snapshot() =>
        Directory.EnumerateFileSystemEntries(Dir, "*", SearchOption.AllDirectories)
            .ToDictionary(p => Path.GetRelativePath(Dir, p), Fingerprint);

    private static string Fingerprint(string path)
    {
        if (Directory.Exists(path)) return "folder";
        try
        {
            return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            // A case took the permission away (non-root runs), or holds the file's lock: its size stands in for its bytes.
            return $"unreadable, {new FileInfo(path).Length} bytes";
        }
    }

    private sealed class Stopper(Action stop) : IDisposable
    {
        public void Dispose() => stop();
    }
}
