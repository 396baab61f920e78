using ALfc.Core;

namespace ALfc.Coordinator.Reports;

/// <summary>
/// Whether a report may be written into a folder. A report rewrites index.html, tables/, figures/ and the rest by
/// name, so it goes only where no other program's files can be hit: a folder that does not exist yet, an empty one, or
/// one an ALfc report was written to before (its <see cref="MarkerFile"/>, or the index.html of a report written before
/// the marker existed). Anything else is refused before any work, naming the folder.
/// </summary>
public static class ReportFolder
{
    /// <summary>Left in every report folder, so that the next report knows the folder is ALfc's.</summary>
    public const string MarkerFile = ".alfc-report";

    /// <summary>How an ALfc report's index.html starts (<see cref="ReportWriter"/>).</summary>
    private const string IndexStart = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>ALfc report: ";

    /// <summary>Refuses <paramref name="folder"/> unless a report may be written there; <paramref name="flag"/> names the option.</summary>
    public static void Check(string folder, string flag)
    {
        if (folder.Length == 0) throw new AlfcInputException($"{flag}: the path is empty");
        if (File.Exists(folder)) throw new AlfcInputException($"{flag} {folder}: is a file, not a folder");
        if (!Directory.Exists(folder)) return;
        if (File.Exists(Path.Combine(folder, MarkerFile)) || IsEarlierReport(folder)) return;
        if (Directory.EnumerateFileSystemEntries(folder).Any())
            throw new AlfcInputException($"{flag} {folder}: the folder holds files that are not an ALfc report, which a report could overwrite; name a new or empty folder");
    }

    /// <summary>Creates the folder if needed and marks it as a report's.</summary>
    public static void Mark(string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, MarkerFile), "written by alfc report; a later report may rewrite this folder\n");
    }

    private static bool IsEarlierReport(string folder)
    {
        var index = Path.Combine(folder, "index.html");
        if (!File.Exists(index)) return false;
        using var reader = new StreamReader(index);
        var buffer = new char[IndexStart.Length];
        return reader.ReadBlock(buffer, 0, buffer.Length) == buffer.Length && new string(buffer) == IndexStart;
    }
}
