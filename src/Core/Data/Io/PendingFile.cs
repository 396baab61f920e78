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
/// an interrupted command leaves no hidden file behind, and so does a write that fails (a full disk, a quota): the error
/// names the file the user asked for, never the hidden one.
/// </summary>
public sealed class PendingFile : IDisposable
{
    private FileStream? stream;
    private readonly bool replace;

    private readonly EventHandler removeAtExit;

    /// <summary>Linux's NAME_MAX on every common file system (ext4, xfs, btrfs, tmpfs): the longest file name, in bytes.</summary>
    private const int NameMax = 255;

    /// <summary>How errors name the file: the path as the user gave it, after the flag that gave it, if any.</summary>
    private readonly string shown;

    private PendingFile(string target, string temporary, FileStream stream, bool replace, string shown)
    {
        Target = target;
        this.shown = shown;
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
    /// <paramref name="ifExists"/> is the advice that refusal gives. Errors name the file as <paramref name="shownAs"/>
    /// (by default <paramref name="path"/> itself; `--out: PATH` for the CLI's flag).
    /// </summary>
    public static PendingFile Reserve(string path, bool replace = false, string ifExists = "remove it or choose another name", string? shownAs = null)
    {
        var shown = shownAs ?? path;
        var target = Path.GetFullPath(path);
        if (Directory.Exists(target)) throw AlfcInputException.In(shown, "is a folder");
        if (File.Exists(target) && !replace) throw AlfcInputException.In(shown, $"already exists ({ifExists})");
        // Replacing means a file: a pipe, device or socket there (or a link to one) is someone's, and stays.
        if (File.Exists(target) && !InputFile.IsRegular(target))
            throw AlfcInputException.In(shown, "is not a regular file (a pipe, device or socket); only a file is replaced (choose another name)");
        var folder = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(folder)) throw AlfcInputException.In(shown, $"folder {folder} does not exist");
        // Found now rather than when the finished work is moved into place, which would fail after the work.
        var name = Path.GetFileName(target);
        if (System.Text.Encoding.UTF8.GetByteCount(name) > NameMax)
            throw AlfcInputException.In(shown, $"the file name is {System.Text.Encoding.UTF8.GetByteCount(name)} bytes long; a file system takes at most {NameMax}");
        // 64 random bits: a clash with a file already there is refused by CreateNew, never overwritten. The hidden name
        // carries the target's so a user can tell whose it is, unless that would make it too long for the file system.
        var random = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var hidden = $".{name}.{random}.tmp";
        if (System.Text.Encoding.UTF8.GetByteCount(hidden) > NameMax) hidden = $".alfc.{random}.tmp";
        var temporary = Path.Combine(folder, hidden);
        try
        {
            return new PendingFile(target, temporary, new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None), replace, shown);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            var why = e switch
            {
                UnauthorizedAccessException => "permission denied",
                // ENOENT on an existing folder: a file system that takes no new files (/proc, /sys).
                FileNotFoundException or DirectoryNotFoundException => "the file system takes no new files there",
                _ => Reason(e, temporary), // read-only, full disk, ...
            };
            throw AlfcInputException.In(shown, $"cannot create a file in {folder}: {why}");
        }
    }

    /// <summary>Writes <paramref name="content"/> and commits it.</summary>
    public void Commit(string content)
    {
        try
        {
            using var writer = new StreamWriter(Content, leaveOpen: true);
            writer.Write(content);
        }
        catch (Exception e) when (IsWriteFailure(e))
        {
            throw WriteFailed(e);
        }
        Commit();
    }

    /// <summary>
    /// Whether <paramref name="e"/>, thrown while writing <see cref="Content"/>, is the file system refusing the data: an
    /// I/O error (ENOSPC, EDQUOT, EIO), or the file size limit (EFBIG, `ulimit -f`), which .NET reports as an
    /// <see cref="ArgumentOutOfRangeException"/> for the file length.
    /// </summary>
    public static bool IsWriteFailure(Exception e) => e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException { ParamName: "value" };

    /// <summary>
    /// Gives up on a reservation whose content could not be written (<paramref name="e"/>: a full disk, a quota, an I/O
    /// error): the hidden file is removed, and the error returned names the file the user asked for.
    /// </summary>
    public AlfcInputException WriteFailed(Exception e)
    {
        Dispose();
        DeleteTemporary(); // also after a failed move, when the stream is already closed
        return AlfcInputException.In(shown, $"cannot write it: {Reason(e, Temporary)}; nothing was written");
    }

    /// <summary>Closes what was written to <see cref="Content"/> and moves it to <see cref="Target"/>, which must still not exist unless replacing.</summary>
    public void Commit()
    {
        var open = stream ?? throw new InvalidOperationException("already committed");
        try
        {
            open.Flush(flushToDisk: true);
        }
        catch (Exception e) when (IsWriteFailure(e))
        {
            throw WriteFailed(e);
        }
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
            throw AlfcInputException.In(shown, $"appeared while the work ran and was left as it is; the output is in {Temporary}");
        }
        catch (Exception e) when (IsWriteFailure(e))
        {
            throw WriteFailed(e);
        }
    }

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= removeAtExit;
        if (stream is null) return;
        try
        {
            stream.Dispose();
        }
        catch (Exception e) when (IsWriteFailure(e))
        {
            // Closing flushes what is buffered, which fails again on a full disk; the content is being thrown away anyway.
        }
        stream = null;
        DeleteTemporary();
    }

    /// <summary>An I/O error's first line, without the hidden file's name (which the user never asked for).</summary>
    private static string Reason(Exception e, string temporary) => e is ArgumentOutOfRangeException
        ? "it would exceed the largest file this process may write (ulimit -f)"
        : e.Message.Split('\n')[0].Replace($" : '{temporary}'", "").Replace(temporary, "a temporary file").TrimEnd('.');

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
