using System.Text.RegularExpressions;
using ALfc.Core;

namespace ALfc.Coordinator.Store;

/// <summary>
/// The files a sweep keeps beside its store: STORE.lock (<see cref="StoreLock"/>) and the log, STORE with its extension
/// changed to .log. <see cref="Check"/> refuses, before anything is written, a store path that would collide with
/// them or could not hold them: a store named X.log would be its own log file and be overwritten by it. A companion that
/// is already there must be ALfc's own (a lock holding a process id, a log of ALfc's lines) and not a symbolic link:
/// the sweep truncates the one and appends to the other, and neither may touch a file that is not ALfc's.
/// </summary>
public static partial class StoreFiles
{
    public static string LockOf(string storePath) => Path.GetFullPath(storePath) + ".lock";

    /// <summary>The file the store's path leads to, symbolic links followed (<see cref="Core.Data.Io.CanonicalPath"/>).</summary>
    public static string RealPath(string storePath) => Core.Data.Io.CanonicalPath.Of(storePath);

    public static string LogOf(string storePath) => Path.ChangeExtension(Path.GetFullPath(storePath), ".log");

    /// <summary>What a store path that is a pipe, device or socket is called (checked here and when a store is opened).</summary>
    public const string NotRegular = "is not a regular file (a pipe, device or socket), not an ALfc results store";

    /// <summary>Checks a sweep's store path and its companions; every refusal is one line naming the path at fault.</summary>
    public static void Check(string storePath)
    {
        if (storePath.Length == 0) throw new AlfcInputException("--store: the path is empty");
        var full = Path.GetFullPath(storePath);
        var folder = Path.GetDirectoryName(full)!;
        if (File.Exists(folder)) throw AlfcInputException.In(storePath, $"{folder} is a file, not a folder");
        if (!Directory.Exists(folder)) throw AlfcInputException.In(storePath, $"folder {folder} does not exist");
        if (Directory.Exists(full)) throw AlfcInputException.In(storePath, "is a folder, not a results store");
        if (File.Exists(full) && !Core.Data.Io.InputFile.IsRegular(full))
            throw AlfcInputException.In(storePath, NotRegular);
        var log = LogOf(storePath);
        if (string.Equals(log, full, StringComparison.Ordinal))
            throw AlfcInputException.In(storePath, "the store would be its own log file (the log is STORE with the extension .log); give the store another extension, e.g. .db");
        if (Directory.Exists(log)) throw AlfcInputException.In(log, "is a folder, where the sweep's log file belongs (remove it)");
        var lockFile = LockOf(storePath);
        if (Directory.Exists(lockFile)) throw AlfcInputException.In(lockFile, "is a folder, where the store's lock file belongs (remove it)");
        CheckCompanion(lockFile, "lock file", text => LockContent().IsMatch(text));
        CheckCompanion(log, "log", text => text.Length == 0 || LogLine().IsMatch(text));
    }

    /// <summary>Refuses an existing companion that is a link or whose start is not what ALfc writes there.</summary>
    private static void CheckCompanion(string path, string what, Func<string, bool> isOurs)
    {
        var info = new FileInfo(path);
        if (!info.Exists && info.LinkTarget is null) return;
        if (info.LinkTarget is not null)
            throw AlfcInputException.In(path, $"is a symbolic link, where the store's {what} belongs; ALfc writes only its own files (remove the link)");
        if (!Core.Data.Io.InputFile.IsRegular(path))
            throw AlfcInputException.In(path, $"is not a regular file (a pipe, device or socket), where the store's {what} belongs; ALfc writes only its own files (remove it)");
        string start;
        try
        {
            using var reader = new StreamReader(path);
            var buffer = new char[200];
            start = new string(buffer, 0, reader.ReadBlock(buffer, 0, buffer.Length));
        }
        catch (UnauthorizedAccessException)
        {
            throw AlfcInputException.In(path, $"permission denied: the store's {what} cannot be read");
        }
        catch (IOException)
        {
            // Locked: a running sweep holds the lock file, which makes it ALfc's; taking the lock will say it is in use.
            return;
        }
        if (!isOurs(start))
            throw AlfcInputException.In(path, $"exists and is not an ALfc {what}; ALfc does not write into other files (move it away or choose another store name)");
    }

    /// <summary>What <see cref="StoreLock"/> writes: nothing yet, or the holder's process id.</summary>
    [GeneratedRegex(@"\A\s*\d{0,10}\s*\z")]
    private static partial Regex LockContent();

    /// <summary>The start of a line of the sweep's log: "2026-12-04T05:23:37.426Z INFO  [source] ...".</summary>
    [GeneratedRegex(@"\A\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (DEBUG|INFO |WARN |ERROR) \[")]
    private static partial Regex LogLine();
}
