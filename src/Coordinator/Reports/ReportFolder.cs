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
        // A file someone added under a name a report writes (poisoning.md, a table) that the last report did not write
        // would be written over: the manifest says what the last report wrote, and anything else of a report's name is not ours.
        var manifest = Path.Combine(folder, ManifestFile);
        if (ours && File.Exists(manifest) && Core.Data.Io.InputFile.IsRegular(manifest))
        {
            var written = File.ReadAllLines(manifest).ToHashSet(StringComparer.Ordinal);
            if (Files(folder).Where(f => OwnName(f) && !written.Contains(f)).Order(StringComparer.Ordinal).FirstOrDefault() is { } foreign)
                throw new AlfcInputException($"{flag} {folder}: {foreign} was not written by the last report here ({ManifestFile} does not list it), and a report may write that name; move it, or name a new or empty folder");
        }
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

    /// <summary>The files the last report wrote, one relative path a line, so the next one can remove exactly those.</summary>
    public const string ManifestFile = ".alfc-report-files";

    /// <summary>What a report writes at the top of its folder, for a folder without a manifest (see <see cref="OwnName"/>).</summary>
    private static readonly string[] TopFiles =
        ["index.html", "headline.md", "tables.md", "paired.md", "poisoning.md", "poisoning.csv", "provenance.json", "compare.md", "compare.csv"];

    private static readonly string[] Subfolders = ["figures", "tables", "paired"];

    /// <summary>
    /// Whether <paramref name="relative"/> is a name a report writes: its top files, a figure (fig* or poison-*, PNG or
    /// SVG) under figures/, a table (.md, .csv) under tables/ or paired/. Used where no manifest says what was written:
    /// a report from before manifests, or one stopped before it wrote its manifest.
    /// </summary>
    private static bool OwnName(string relative)
    {
        if (TopFiles.Contains(relative)) return true;
        var parts = relative.Split(Path.DirectorySeparatorChar);
        if (parts.Length != 2) return false;
        var (folder, file) = (parts[0], parts[1]);
        return folder == "figures"
            ? (file.StartsWith("fig", StringComparison.Ordinal) || file.StartsWith("poison-", StringComparison.Ordinal)) && (file.EndsWith(".png", StringComparison.Ordinal) || file.EndsWith(".svg", StringComparison.Ordinal))
            : folder is "tables" or "paired" && (file.EndsWith(".md", StringComparison.Ordinal) || file.EndsWith(".csv", StringComparison.Ordinal));
    }

    /// <summary>
    /// Removes what the previous report in <paramref name="folder"/> wrote: the files its manifest lists or, without one (a
    /// report from before manifests, or one stopped before it wrote its own), every file of a report's own names
    /// (<see cref="OwnName"/>). A new report then holds no table, figure or section of an earlier sweep that it did not
    /// write again (a poisoning report once kept a training report's headline.md). Other files stay. The manifest goes
    /// too, until this report writes its own: a report stopped half-way leaves none, and the next one clears by name.
    /// Returns the files left, which <see cref="WriteManifest"/> leaves out.
    /// </summary>
    public static IReadOnlySet<string> ClearPrevious(string folder)
    {
        var manifest = Path.Combine(folder, ManifestFile);
        IEnumerable<string> previous = File.Exists(manifest) && Core.Data.Io.InputFile.IsRegular(manifest)
            ? File.ReadAllLines(manifest).Where(l => l.Length > 0)
            : Files(folder).Where(OwnName);
        foreach (var relative in previous.ToList())
        {
            var path = Path.GetFullPath(Path.Combine(folder, relative));
            // Only regular files inside the folder, never the marker: a manifest line cannot lead out of it, nor at a pipe.
            if (Core.Data.Io.CanonicalPath.IsWithin(path, folder) && Path.GetFileName(path) is not (MarkerFile or ManifestFile)
                && File.Exists(path) && Core.Data.Io.InputFile.IsRegular(path))
                File.Delete(path);
        }
        if (File.Exists(manifest)) File.Delete(manifest);
        foreach (var sub in Subfolders.Select(d => Path.Combine(folder, d)))
            if (Directory.Exists(sub) && !Directory.EnumerateFileSystemEntries(sub).Any()) Directory.Delete(sub);
        return Files(folder);
    }

    /// <summary>Records as this report's the files in <paramref name="folder"/> that were not there before it wrote (<paramref name="before"/>).</summary>
    public static void WriteManifest(string folder, IReadOnlySet<string> before) =>
        File.WriteAllLines(Path.Combine(folder, ManifestFile), Files(folder).Where(f => !before.Contains(f)).Order(StringComparer.Ordinal));

    private static HashSet<string> Files(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f))
            .Where(f => f != MarkerFile && f != ManifestFile).ToHashSet(StringComparer.Ordinal);

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
