using ALfc.Core;

namespace ALfc.Coordinator.Store;

/// <summary>
/// The files a sweep keeps beside its store: STORE.lock (<see cref="StoreLock"/>) and the log, STORE with its extension
/// changed to .log. <see cref="Check"/> refuses, before anything is written, a store path that would collide with
/// them or could not hold them: a store named X.log would be its own log file and be overwritten by it.
/// </summary>
public static class StoreFiles
{
    public static string LockOf(string storePath) => Path.GetFullPath(storePath) + ".lock";

    public static string LogOf(string storePath) => Path.ChangeExtension(Path.GetFullPath(storePath), ".log");

    /// <summary>Checks a sweep's store path and its companions; every refusal is one line naming the path at fault.</summary>
    public static void Check(string storePath)
    {
        var full = Path.GetFullPath(storePath);
        var folder = Path.GetDirectoryName(full)!;
        if (File.Exists(folder)) throw AlfcInputException.In(storePath, $"{folder} is a file, not a folder");
        if (!Directory.Exists(folder)) throw AlfcInputException.In(storePath, $"folder {folder} does not exist");
        if (Directory.Exists(full)) throw AlfcInputException.In(storePath, "is a folder, not a results store");
        var log = LogOf(storePath);
        if (string.Equals(log, full, StringComparison.Ordinal))
            throw AlfcInputException.In(storePath, "the store would be its own log file (the log is STORE with the extension .log); give the store another extension, e.g. .db");
        if (Directory.Exists(log)) throw AlfcInputException.In(log, "is a folder, where the sweep's log file belongs (remove it)");
        var lockFile = LockOf(storePath);
        if (Directory.Exists(lockFile)) throw AlfcInputException.In(lockFile, "is a folder, where the store's lock file belongs (remove it)");
    }
}
