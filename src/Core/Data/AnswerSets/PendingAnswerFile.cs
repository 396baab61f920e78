using System.Security.Cryptography;

namespace ALfc.Core.Data.AnswerSets;

/// <summary>
/// An output file claimed before the work that fills it, so that an unwritable folder is found before a long attack
/// rather than after it, and so that nothing but the named file is ever created or replaced. <see cref="Reserve"/>
/// creates a hidden temporary file beside the target with a random name (never an existing file: it is opened with
/// <see cref="FileMode.CreateNew"/>); <see cref="Commit"/> fills it and moves it to the target without overwriting, so a
/// file that appeared at the target meanwhile is left as it is. Disposing an uncommitted reservation deletes the
/// temporary file.
/// </summary>
public sealed class PendingAnswerFile : IDisposable
{
    private FileStream? stream;

    private PendingAnswerFile(string target, string temporary, FileStream stream)
    {
        Target = target;
        Temporary = temporary;
        this.stream = stream;
    }

    /// <summary>The full path the finished file goes to.</summary>
    public string Target { get; }

    /// <summary>The hidden file that holds the content until <see cref="Commit"/>.</summary>
    public string Temporary { get; }

    /// <summary>
    /// Claims a temporary file in <paramref name="path"/>'s folder. Throws <see cref="AlfcInputException"/> naming
    /// <paramref name="path"/> when it already exists or its folder is missing or not writable.
    /// </summary>
    public static PendingAnswerFile Reserve(string path)
    {
        var target = Path.GetFullPath(path);
        if (File.Exists(target) || Directory.Exists(target)) throw AlfcInputException.In(path, "already exists (remove it or choose another name)");
        var folder = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(folder)) throw AlfcInputException.In(path, $"folder {folder} does not exist");
        // 64 random bits: a clash with a file already there is refused by CreateNew, never overwritten.
        var temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}.tmp");
        try
        {
            return new PendingAnswerFile(target, temporary, new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None));
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

    /// <summary>Writes <paramref name="content"/> and moves it to <see cref="Target"/>, which must still not exist.</summary>
    public void Commit(string content)
    {
        var open = stream ?? throw new InvalidOperationException("already committed");
        using (var writer = new StreamWriter(open, leaveOpen: false)) writer.Write(content);
        stream = null;
        try
        {
            // overwrite: false is atomic on Linux (link, then unlink), so a file created at the target meanwhile is kept.
            File.Move(Temporary, Target, overwrite: false);
        }
        catch (IOException) when (File.Exists(Target) || Directory.Exists(Target))
        {
            throw AlfcInputException.In(Target, $"appeared while the work ran and was left as it is; the output is in {Temporary}");
        }
    }

    public void Dispose()
    {
        if (stream is null) return;
        stream.Dispose();
        stream = null;
        File.Delete(Temporary);
    }
}
