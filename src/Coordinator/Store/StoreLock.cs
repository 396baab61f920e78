using ALfc.Core;

namespace ALfc.Coordinator.Store;

/// <summary>
/// Makes one sweep process the only writer of a store: an exclusive lock on "STORE.lock" (flock on Linux), which
/// the kernel releases when the process ends, however it ends (kill -9 included), so a stale lock never blocks a resume.
/// </summary>
public sealed class StoreLock : IDisposable
{
    private readonly FileStream stream;
    private readonly string storePath;
    private FileStream? storeFile;

    private StoreLock(FileStream stream, string storePath)
    {
        this.stream = stream;
        this.storePath = storePath;
    }

    /// <summary>
    /// Takes the lock, or says why not, by cause: only a lock another process holds is "in use"; a missing folder, a
    /// folder where the lock file belongs and a folder the user may not write to are each named as what they are.
    /// </summary>
    public static StoreLock Acquire(string storePath)
    {
        StoreFiles.Check(storePath);
        // The lock is named after the store's real file, so a symbolic link to a store takes the same lock.
        storePath = StoreFiles.RealPath(storePath);
        var path = StoreFiles.LockOf(storePath);
        var folder = Path.GetDirectoryName(path)!;
        FileStream stream;
        bool created = !File.Exists(path);
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (UnauthorizedAccessException)
        {
            throw AlfcInputException.In(path, $"permission denied: the store's lock file cannot be created or opened (is {folder} writable?)");
        }
        catch (IOException e) when (IsHeldByAnother(e))
        {
            throw AlfcInputException.In(storePath, $"in use by another running sweep (it holds {path}); wait for it or stop it, then run again");
        }
        catch (IOException e)
        {
            throw FileSystemErrors.ToInput(e, path);
        }
        stream.SetLength(0);
        using (var writer = new StreamWriter(stream, leaveOpen: true)) writer.Write(Environment.ProcessId);
        var held = new StoreLock(stream, storePath);
        try
        {
            RefuseSharedLog(storePath, folder);
            held.HoldStoreFile();
        }
        catch
        {
            // A sweep refused here writes nothing: a lock file it created goes, unlinked while still held, so no other
            // process can have taken it in between.
            if (created)
                try { File.Delete(path); }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            held.Dispose();
            throw;
        }
        return held;
    }

    /// <summary>
    /// Also locks the store file itself (flock; SQLite's own locks are fcntl ones, which it does not touch), once it
    /// exists: a hard link gives the same file another name and another STORE.lock, but not another flock. A no-op
    /// before the file exists and once held. Throws "in use" when another sweep holds the file.
    /// </summary>
    public void HoldStoreFile()
    {
        if (storeFile is not null || !File.Exists(storePath)) return;
        try
        {
            storeFile = new FileStream(storePath, FileMode.Open, FileAccess.Read, FileShare.None);
        }
        catch (IOException e) when (IsHeldByAnother(e))
        {
            throw AlfcInputException.In(storePath, "in use by another running sweep (through another name of the same file); wait for it or stop it, then run again");
        }
        catch (UnauthorizedAccessException)
        {
            // Unreadable: opening it as a store will say so by name.
        }
    }

    /// <summary>
    /// The log is STORE with its extension changed, so x.db and x.sqlite in one folder share x.log: two sweeps on them at
    /// once interleaved their lines there, and `alfc show` on either listed the other's. Called with this store's lock
    /// held, so of two sweeps starting together at least the second sees the first.
    /// </summary>
    private static void RefuseSharedLog(string storePath, string folder)
    {
        var log = StoreFiles.LogOf(storePath);
        foreach (var otherLock in Directory.EnumerateFiles(folder, "*.lock"))
        {
            var other = otherLock[..^".lock".Length];
            if (other == storePath || StoreFiles.LogOf(other) != log || !LockHeld(otherLock)) continue;
            throw AlfcInputException.In(storePath, $"shares its log {log} with {other}, which a running sweep holds; wait for it, or give this store another name");
        }
    }

    /// <summary>True while some process holds the store's lock, i.e. a sweep is running on it right now.</summary>
    public static bool IsHeld(string storePath) => LockHeld(StoreFiles.LockOf(StoreFiles.RealPath(storePath)));

    private static bool LockHeld(string path)
    {
        if (!File.Exists(path)) return false;
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false; // Not ours to probe (another user's store read read-only): no evidence of a running sweep.
        }
    }

    /// <summary>
    /// The one failure that means another process holds the flock: .NET raises it with the errno EWOULDBLOCK (11 on
    /// Linux) as its HResult, or ERROR_SHARING_VIOLATION on Windows. Every other failure has another cause.
    /// </summary>
    private static bool IsHeldByAnother(IOException e) => e.HResult is 11 or unchecked((int)0x80070020);

    public void Dispose()
    {
        storeFile?.Dispose();
        stream.Dispose();
    }
}
