using System.Security.Cryptography;

namespace ALfc.Core.Data.Io;

/// <summary>
/// An output file claimed before the work that fills it (`alfc poison --out`, `alfc export --out`), so that an
/// unwritable folder is found before a long computation rather than after it, and so that nothing but the named file is
/// ever created or replaced. <see cref="Reserve"/> creates a hidden temporary file beside the target with a random name
/// (never an existing file: it is opened with <see cref="FileMode.CreateNew"/>); <see cref="Commit()"/> moves it to the
/// target without overwriting, so a file that appeared at the target meanwhile is left as it is (unless the caller
/// reserved with <c>replace</c>, for a file the user asked to replace). Disposing an uncommitted reservation deletes
/// the temporary file, and so does the process ending first (SIGTERM, Ctrl-C: <see cref="AppDomain.ProcessExit"/>), so
/// an interrupted command leaves no hidden file behind.
/// </summary>
public sealed class PendingFile : IDisposable
{
    private FileStream? stream;
    private readonly bool replace;

    private readonly EventHandler removeAtExit;

    private PendingFile(string target, string temporary, FileStream stream, bool replace)
    {
        Target = target;
        Temporary = temporary;
        this.stream = stream;
        this.replace = replace;
        removeAtExit = (_, _) => DeleteTemporary();
        AppDomain.CurrentDomain.ProcessExit += removeAtExit;
    }

    /// <summary>Where the content goes until <see cref="Commit()"/>.</summary>
    public Stream Content => stream ?? throw new InvalidOperationException("already committed");

    /// <summary>The full path the finished file goes to.</summary>
    public string Target { get; }

    /// <summary>The hidden file that holds the content until <see cref="Commit()"/>.</summary>
    public string Temporary { get; }

    /// <summary>
    /// Claims a temporary file in <paramref name="path"/>'s folder. Throws <see cref="AlfcInputException"/> naming
    /// <paramref name="path"/> when its folder is missing or not writable, or when it already exists and
    /// <paramref name="replace"/> is false (with <paramref name="replace"/>, an existing file is replaced, never a folder);
    /// <paramref name="ifExists"/> is the advice that refusal gives.
    /// </summary>
    public static PendingFile Reserve(string path, bool replace = false, string ifExists = "remove it or choose another name")
    {
        var target = Path.GetFullPath(path);
        if (Directory.Exists(target)) throw AlfcInputException.In(path, "is a folder");
        if (File.Exists(target) && !replace) throw AlfcInputException.In(path, $"already exists ({ifExists})");
        // Replacing means a file: a pipe, device or socket there (or a link to one) is someone's, and stays.
        if (File.Exists(target) && !InputFile.IsRegular(target))
            throw AlfcInputException.In(path, "is not a regular file (a pipe, device or socket); only a file is replaced (choose another name)");
        var folder = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(folder)) throw AlfcInputException.In(path, $"folder {folder} does not exist");
        // 64 random bits: a clash with a file already there is refused by CreateNew, never overwritten.
        var temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}.tmp");
        try
        {
            return new PendingFile(target, temporary, new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None), replace);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            var why = e switch
            {
                UnauthorizedAccessException => "permission denied",
                // ENOENT on an existing folder: a file system that takes no new files (/proc, /sys).
                FileNotFoundException or DirectoryNotFoundException => "the file system takes no new files there",
                _ => e.Message.Split('\n')[0].Replace($" : '{temporary}'", "").Replace(temporary, "a temporary file").TrimEnd('.'), // read-only, full disk, ...
            };
            throw AlfcInputException.In(path, $"cannot create a file in {folder}: {why}");
        }
    }

    /// <summary>Writes <paramref name="content"/> and commits it.</summary>
    public void Commit(string content)
    {
        using (var writer = new StreamWriter(Content, leaveOpen: true)) writer.Write(content);
        Commit();
    }

    /// <summary>Closes what was written to <see cref="Content"/> and moves it to <see cref="Target"/>, which must still not exist unless replacing.</summary>
    public void Commit()
    {
        var open = stream ?? throw new InvalidOperationException("already committed");
        open.Flush(flushToDisk: true);
        open.Dispose();
        stream = null;
        try
        {
            // overwrite: false is atomic on Linux (link, then unlink), so a file created at the target meanwhile is kept.
            File.Move(Temporary, Target, overwrite: replace);
            AppDomain.CurrentDomain.ProcessExit -= removeAtExit;
        }
        catch (IOException) when (File.Exists(Target) || Directory.Exists(Target))
        {
            // The output stays where it is, and the message says where: it must outlive the process.
            AppDomain.CurrentDomain.ProcessExit -= removeAtExit;
            throw AlfcInputException.In(Target, $"appeared while the work ran and was left as it is; the output is in {Temporary}");
        }
    }

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= removeAtExit;
        if (stream is null) return;
        stream.Dispose();
        stream = null;
        DeleteTemporary();
    }

    private void DeleteTemporary()
    {
        try
        {
            File.Delete(Temporary);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The folder changed under us; nothing more to do for a file only we knew of.
        }
    }
}
