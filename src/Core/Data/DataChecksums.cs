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
}
