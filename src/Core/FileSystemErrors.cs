using System.Text.RegularExpressions;

namespace ALfc.Core;

/// <summary>
/// Turns the file system's refusals (permission denied, a folder where a file should be, a missing folder, a full disk)
/// into bad input: the user can fix them, so they are one line naming the path and exit 2, not an internal error. .NET
/// names the path inside its message ("Access to the path '/x' is denied."); the line leads with it, as every other
/// input error does.
/// </summary>
public static partial class FileSystemErrors
{
    /// <summary>True for the exceptions the file system raises on a path the user gave.</summary>
    public static bool IsFileSystem(Exception e) => e is UnauthorizedAccessException or IOException;

    /// <summary>The refusal as an input error "PATH: what": the path from the message when it names one, else <paramref name="fallbackPath"/>.</summary>
    public static AlfcInputException ToInput(Exception e, string? fallbackPath = null)
    {
        var message = e.Message.Split('\n')[0].TrimEnd();
        var path = QuotedPath().Match(message) is { Success: true } m ? m.Groups[1].Value : fallbackPath;
        var what = e switch
        {
            // .NET reports opening a folder as a file as access denied; say what it is.
            UnauthorizedAccessException when path is not null && Directory.Exists(path) => "is a folder, not a file",
            UnauthorizedAccessException => "permission denied",
            DirectoryNotFoundException => "a folder on the path does not exist",
            FileNotFoundException => "file not found",
            PathTooLongException => "the path is too long",
            // "Too many levels of symbolic links : '/x'": the path leads the line already, so it is dropped from the end.
            _ => path is null ? message : QuotedPath().Replace(TrailingPath().Replace(message, ""), "it").TrimEnd('.'),
        };
        return path is null ? new AlfcInputException(what) : AlfcInputException.In(path, what);
    }

    [GeneratedRegex("'(/[^']*)'")]
    private static partial Regex QuotedPath();

    [GeneratedRegex(@"\s*:\s*'/[^']*'\.?\z")]
    private static partial Regex TrailingPath();
}
