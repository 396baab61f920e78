using ALfc.Core;

namespace ALfc.Coordinator.Store;

/// <summary>
/// Makes one sweep process the only writer of a store: an exclusive lock on "STORE.lock" (flock on Linux), which
/// the kernel releases when the process ends, however it ends (kill -9 included), so a stale lock never blocks a resume.
/// </summary>
public sealed class StoreLock : IDisposable
{
    private readonly FileStream stream;

    private StoreLock(FileStream stream) => this.stream = stream;

    public static StoreLock Acquire(string storePath)
    {
        var path = Path.GetFullPath(storePath) + ".lock";
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            using (var writer = new StreamWriter(stream, leaveOpen: true)) writer.Write(Environment.ProcessId);
            return new StoreLock(stream);
        }
        catch (IOException)
        {
            throw AlfcInputException.In(storePath, $"in use by another running sweep (it holds {path}); wait for it or stop it, then run again");
        }
    }

    /// <summary>True while some process holds the store's lock, i.e. a sweep is running on it right now.</summary>
    public static bool IsHeld(string storePath)
    {
        var path = Path.GetFullPath(storePath) + ".lock";
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
    }

    public void Dispose() => stream.Dispose();
}
