using System.Security.Cryptography;
using ALfc.Core.Data.AnswerSets;

namespace ALfc.Core.Data;

/// <summary>
/// The SHA-256 of every file a dataset or answer set reads, keyed by its path under the data root, for a sweep's
/// provenance: two runs on the same checksums read the same data. The synthetic crowd has no files (it is generated
/// from the seed), and a dataset whose folder is absent here has none to report.
/// </summary>
public static class DataChecksums
{
    public static IReadOnlyDictionary<string, string> Of(string name, string? dataRoot)
    {
        var root = new DatasetOptions { DataRoot = dataRoot }.ResolveDataRoot();
        var folder = name.StartsWith(AnswerSetCatalog.SubPacPrefix, StringComparison.Ordinal)
            ? Path.Combine(root, "subpac", "datasets", name[AnswerSetCatalog.SubPacPrefix.Length..])
            : Path.Combine(root, name);
        var sums = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (name == DatasetCatalog.DefaultDataset || !Directory.Exists(folder)) return sums;
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.')))
        {
            using var stream = File.OpenRead(file);
            sums[Path.GetRelativePath(root, file).Replace('\\', '/')] = Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
        }
        return sums;
    }

    /// <summary>
    /// How this copy (<paramref name="here"/>) differs from <paramref name="expected"/> (another machine's checksums of
    /// the same dataset), in one line naming up to five files; null when they are the same.
    /// </summary>
    public static string? Differences(IReadOnlyDictionary<string, string> expected, IReadOnlyDictionary<string, string> here)
    {
        var missing = expected.Keys.Where(f => !here.ContainsKey(f)).Select(f => $"{f} missing here");
        var changed = expected.Keys.Where(f => here.TryGetValue(f, out var sum) && sum != expected[f]).Select(f => $"{f} differs");
        var extra = here.Keys.Where(f => !expected.ContainsKey(f)).Select(f => $"{f} only here");
        var all = missing.Concat(changed).Concat(extra).OrderBy(d => d, StringComparer.Ordinal).ToList();
        if (all.Count == 0) return null;
        return string.Join(", ", all.Take(5)) + (all.Count > 5 ? $" and {all.Count - 5} more" : "");
    }
}
