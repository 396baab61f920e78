using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using ALfc.Core.Attacks;
using ALfc.Core.Data;
using ALfc.Core.Models;

namespace ALfc.Core.Evaluation;

/// <summary>
/// The black-box adversarial inputs of this machine, on disk, by content. What an attack crafts on a repetition's
/// substitute depends only on that substitute (<see cref="SubstituteCache"/>'s key: the training data, its settings, its
/// seed, the device), the test set, the attack with its eps and settings, and the cell's random stream (the trial seed,
/// the attack and eps): never on the method or alpha under test. The `paper` preset evaluates 16 trials per dataset and
/// repetition against the same inputs, so the first crafts them and the others read them back: on sentiment that is
/// 4 attacks x 8 eps x 5661 x 1200 floats, 870 MB per repetition, too much to hold in a slot's memory, and about 5 s of
/// a trial's evaluation to craft.
/// <para>Each cell is one file of float32 rows with a header naming its key and shape, written under a temporary
/// name and renamed into place when whole, so a reader sees a finished file or none (two slots crafting the same cell
/// at once both write it; the second rename replaces an identical file). The evaluator streams a file in its chunks,
/// so the inputs never count towards a trial's memory. A file whose header or length does not match is a miss, and
/// is crafted again. The key also holds this build of ALfc.Core (its module version id), the TorchSharp and libtorch
/// versions, the CPU and the libtorch thread count, so a changed attack, another machine or another thread count (each
/// may round differently) never reads inputs it would not have crafted itself. Least recently used files (by the time
/// of their last write or read) are deleted once the folder holds more than its byte budget. Any failure of the disk
/// (a full disk, a folder that cannot be made) only means the cell is crafted as without a cache.</para>
/// </summary>
public sealed class BlackBoxInputCache(string directory, long maxBytes)
{
    /// <summary>The environment variable that sets the budget in MB (0 turns the cache off); default <see cref="DefaultMegabytes"/>.</summary>
    public const string BudgetVariable = "ALFC_BLACKBOX_CACHE_MB";

    /// <summary>4 GiB: four sentiment repetitions, the one or two a node's slots are evaluating at any time with room to spare.</summary>
    public const long DefaultMegabytes = 4096;

    private const string Suffix = ".bbx";
    private static readonly byte[] Magic = "ALFCBBX1"u8.ToArray();
    private const int HeaderBytes = 8 + 8 + 8 + 32; // magic, rows, columns, SHA-256 of the key

    private static readonly Lazy<BlackBoxInputCache?> SharedCache = new(FromEnvironment);
    private static Replacement? replacement; // one reference, so a slot's thread reads it whole

    private sealed record Replacement(BlackBoxInputCache? Cache);

    /// <summary>
    /// The process's cache: <c>blackbox</c> under the feature cache's folder ($ALFC_CACHE, else ~/.cache/alfc), with
    /// the budget of <see cref="BudgetVariable"/>; null when that is 0. Throws <see cref="AlfcInputException"/> for a
    /// budget that is not a number, which the commands check first (<see cref="CheckEnvironment"/>).
    /// </summary>
    public static BlackBoxInputCache? Shared => replacement is { } r ? r.Cache : SharedCache.Value;

    /// <summary>Refuses a bad <see cref="BudgetVariable"/> before a command starts any work (one line naming it).</summary>
    public static void CheckEnvironment() => _ = Shared;

    /// <summary>
    /// Puts <paramref name="cache"/> (null: none) in place of the process's cache until the result is disposed: the bench
    /// times trials against a folder of its own, which no earlier run has filled.
    /// </summary>
    public static IDisposable Replace(BlackBoxInputCache? cache)
    {
        var previous = replacement;
        replacement = new Replacement(cache);
        return new Restore(() => replacement = previous);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    /// <summary>Deletes every cell file (the bench does, so that a second timing pass crafts as the first did).</summary>
    public void Clear()
    {
        lock (evictionGate)
        {
            try
            {
                foreach (var file in new DirectoryInfo(Directory).EnumerateFiles("*" + Suffix)) TryDelete(file.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    // The code and libraries that craft, and the CPU they run on (libtorch's and MKL's kernels are chosen per CPU): a
    // folder shared by several machines, or kept across an upgrade, never hands one of them another's inputs.
    private static readonly string BuildKey = string.Join("|", typeof(BlackBoxInputCache).Assembly.ManifestModule.ModuleVersionId,
        BuildInfo.TorchSharp, BuildInfo.LibTorch, CpuIdentity.Describe());

    private readonly Lock evictionGate = new();

    public string Directory { get; } = directory;

    public long MaxBytes { get; } = maxBytes;

    /// <summary>The cache <see cref="BudgetVariable"/> asks for, under the feature cache's folder (<see cref="FromSetting"/>).</summary>
    public static BlackBoxInputCache? FromEnvironment() =>
        FromSetting(Environment.GetEnvironmentVariable(BudgetVariable), Path.Combine(new DatasetOptions().ResolveCacheDirectory(), "blackbox"));

    /// <summary>
    /// A cache in <paramref name="directory"/> with the budget <paramref name="megabytes"/> gives (empty or null: the
    /// default), null for 0; refuses a value that is not a whole number of MB, in one line naming <see cref="BudgetVariable"/>.
    /// </summary>
    public static BlackBoxInputCache? FromSetting(string? megabytes, string directory)
    {
        long budget = DefaultMegabytes;
        if (megabytes is { Length: > 0 } text
            && !(long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out budget) && budget <= long.MaxValue >> 20))
            throw new AlfcInputException($"{BudgetVariable}: '{text}' is not a whole number of MB (0 turns the black-box input cache off)");
        return budget == 0 ? null : new BlackBoxInputCache(directory, budget << 20);
    }

    /// <summary>
    /// The key of one black-box cell: SHA-256 over the substitute's key, the test set's content, the attack's name, eps
    /// and settings, the cell's seed, the evaluator's chunk, this thread's libtorch thread count (which changes float
    /// sums), and this build, libraries and CPU.
    /// </summary>
    public static string CellKey(string substituteKey, CrowdDataset data, AttackBase attack, bool pgdRandomStart, (double Low, double High)? clamp, long seed)
    {
        var text = string.Join("|", substituteKey, DatasetFingerprints.Test(data), attack.Name, attack.Epsilon.ToString("R", CultureInfo.InvariantCulture),
            pgdRandomStart, clamp is { } box ? FormattableString.Invariant($"{box.Low:R},{box.High:R}") : "none", seed.ToString(CultureInfo.InvariantCulture),
            Evaluator.Chunk.ToString(CultureInfo.InvariantCulture), TorchSharp.torch.get_num_threads().ToString(CultureInfo.InvariantCulture), BuildKey);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The cell's file, open for reading at its first row, if it is there whole with this key and shape; else null.</summary>
    public Reader? TryOpen(string key, long rows, long columns)
    {
        string path = PathOf(key);
        FileStream? stream = null;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 1 << 16);
            if (stream.Length != HeaderBytes + rows * columns * sizeof(float)) return Close(stream);
            Span<byte> header = stackalloc byte[HeaderBytes];
            stream.ReadExactly(header);
            if (!header[..8].SequenceEqual(Magic) || BitConverter.ToInt64(header[8..]) != rows || BitConverter.ToInt64(header[16..]) != columns
                || !header[24..].SequenceEqual(Digest(key)))
                return Close(stream);
            Touch(path);
            return new Reader(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Close(stream);
        }
    }

    private static Reader? Close(FileStream? stream)
    {
        stream?.Dispose();
        return null;
    }

    /// <summary>A new file for the cell, written under a temporary name; null if the folder cannot take it.</summary>
    public Writer? Create(string key, long rows, long columns)
    {
        string temporary = Path.Combine(Directory, $"{key}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.{Guid.NewGuid():N}.tmp");
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
            Span<byte> header = stackalloc byte[HeaderBytes];
            Magic.CopyTo(header);
            BitConverter.TryWriteBytes(header[8..], rows);
            BitConverter.TryWriteBytes(header[16..], columns);
            Digest(key).CopyTo(header[24..]);
            stream.Write(header);
            return new Writer(this, stream, temporary, PathOf(key), HeaderBytes + rows * columns * sizeof(float));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            return null;
        }
    }

    private string PathOf(string key) => Path.Combine(Directory, key + Suffix);

    /// <summary>The header's record of the key, which the file name alone does not vouch for (a file may be renamed).</summary>
    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static void Touch(string path)
    {
        // The last use, for eviction: access times are not kept on many mounts (relatime, noatime).
        try { File.SetLastWriteTimeUtc(path, DateTime.UtcNow); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>
    /// How long a temporary file may go unwritten before it counts as left behind: a writer appends every chunk (well
    /// under a second apart here), so one silent this long belonged to a process that was killed mid-cell.
    /// </summary>
    internal static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(1);

    /// <summary>
    /// Deletes temporary files left behind by killed writers, then the least recently used cell files until the
    /// folder's cell files fit the budget.
    /// </summary>
    internal void Evict()
    {
        lock (evictionGate)
        {
            try
            {
                var abandoned = DateTime.UtcNow - AbandonedAfter;
                var cells = new List<FileInfo>();
                foreach (var file in new DirectoryInfo(Directory).EnumerateFiles())
                    if (file.Extension == Suffix) cells.Add(file);
                    else if (file.Extension == ".tmp" && file.LastWriteTimeUtc < abandoned) TryDelete(file.FullName);
                long total = cells.Sum(f => f.Length);
                foreach (var cell in cells.OrderBy(f => f.LastWriteTimeUtc))
                {
                    if (total <= MaxBytes) break;
                    // A reader that has the file open keeps reading it: on Linux a deleted file lives until closed.
                    TryDelete(cell.FullName);
                    total -= cell.Length;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    /// <summary>A cell file's rows, read in order.</summary>
    public sealed class Reader(FileStream stream) : IDisposable
    {
        /// <summary>The next rows, as many as <paramref name="into"/> holds; false if the file ended or failed.</summary>
        public bool Next(Span<float> into)
        {
            try
            {
                stream.ReadExactly(MemoryMarshal.AsBytes(into));
                return true;
            }
            catch (Exception e) when (e is IOException or EndOfStreamException)
            {
                return false;
            }
        }

        public void Dispose() => stream.Dispose();
    }

    /// <summary>A cell file being written: rows appended in order, then <see cref="Commit"/> renames it into place.</summary>
    public sealed class Writer(BlackBoxInputCache cache, FileStream stream, string temporary, string final, long length) : IDisposable
    {
        private bool failed, done;

        /// <summary>Appends rows; a failure of the disk abandons the file (the evaluation goes on without it).</summary>
        public void Append(ReadOnlySpan<float> rows)
        {
            if (failed) return;
            try { stream.Write(MemoryMarshal.AsBytes(rows)); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { failed = true; }
        }

        /// <summary>Puts the whole file in place (if every row arrived and the disk took them) and keeps the folder in its budget.</summary>
        public void Commit()
        {
            if (done) return;
            done = true;
            try
            {
                stream.Dispose();
                if (!failed && new FileInfo(temporary).Length == length)
                {
                    File.Move(temporary, final, overwrite: true);
                    cache.Evict();
                    return;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            TryDelete(temporary);
        }

        /// <summary>Without <see cref="Commit"/> (the evaluation was cancelled or threw), the partial file goes.</summary>
        public void Dispose()
        {
            if (done) return;
            done = true;
            stream.Dispose();
            TryDelete(temporary);
        }
    }
}
