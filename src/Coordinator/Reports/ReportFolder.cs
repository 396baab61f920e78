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

    /// <summary>
    /// Refuses <paramref name="folder"/> unless a report may be written there; <paramref name="flag"/> names the option.
    /// The <paramref name="stores"/> the report reads must be outside it: a store kept in the folder under a report
    /// file's name (headline.md, say) would be written over.
    /// </summary>
    public static void Check(string folder, string flag, params string[] stores)
    {
        if (folder.Length == 0) throw new AlfcInputException($"{flag}: the path is empty");
        if (File.Exists(folder)) throw new AlfcInputException($"{flag} {folder}: is a file, not a folder");
        foreach (var store in stores)
            if (Core.Data.Io.CanonicalPath.IsWithin(store, folder))
                throw new AlfcInputException($"{flag} {folder}: the results store {store} is inside it, where a report writes its files; keep stores out of report folders");
        if (!Directory.Exists(folder)) return;
        bool ours = IsMarked(folder) || IsEarlierReport(folder);
        if (!ours && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new AlfcInputException($"{flag} {folder}: the folder holds files that are not an ALfc report, which a report could overwrite; name a new or empty folder");
        // A report writes files by name; through a symbolic link it would write into someone else's file or folder.
        if (new DirectoryInfo(folder).EnumerateFileSystemInfos("*", SearchOption.AllDirectories).FirstOrDefault(e => e.LinkTarget is not null) is { } link)
            throw new AlfcInputException($"{flag} {folder}: {Path.GetRelativePath(folder, link.FullName)} is a symbolic link, which a report could write through; name a new or empty folder");
    }

    /// <summary>Creates the folder if needed and marks it as a report's.</summary>
    public static void Mark(string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, MarkerFile), MarkerText);
    }

    private const string MarkerText = "written by alfc report; a later report may rewrite this folder\n";

    /// <summary>The marker, with ALfc's exact text: a file of that name with anything else in it is not ALfc's.</summary>
    private static bool IsMarked(string folder)
    {
        var marker = Path.Combine(folder, MarkerFile);
        return File.Exists(marker) && Core.Data.Io.InputFile.IsRegular(marker) && new FileInfo(marker).Length == MarkerText.Length && File.ReadAllText(marker) == MarkerText;
    }

    private static bool IsEarlierReport(string folder)
    {
        var index = Path.Combine(folder, "index.html");
        // A pipe under that name would block the read: it is no report of ours.
        if (!File.Exists(index) || !Core.Data.Io.InputFile.IsRegular(index)) return false;
        using var reader = new StreamReader(index);
        var buffer = new char[IndexStart.Length];
        return reader.ReadBlock(buffer, 0, buffer.Length) == buffer.Length && new string(buffer) == IndexStart;
    }
}
