using System.Security.Cryptography;
using System.Text;
using ALfc.Core.Data.Io;

namespace ALfc.Core.Data.Text;

/// <summary>
/// A disk cache for computed feature matrices. The key hashes the input files' bytes and the
/// settings, so editing a file or a setting computes afresh and nothing stale is reused. Entries are
/// .npy files written to a temporary name and moved into place, so a killed run never leaves a torn entry.
/// </summary>
public sealed class FeatureCache(string directory)
{
    public string Directory { get; } = directory;

    public static string Key(IEnumerable<string> files, string settings)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\n"));
            sha.AppendData(File.ReadAllBytes(file));
        }
        sha.AppendData(Encoding.UTF8.GetBytes(settings));
        return Convert.ToHexString(sha.GetHashAndReset())[..20].ToLowerInvariant();
    }

    public FeatureMatrix? TryGet(string key, string part)
    {
        var path = PathOf(key, part);
        if (!File.Exists(path)) return null;
        try
        {
            var array = Npy.Read(path);
            var (rows, cols) = array.AsMatrix();
            return new FeatureMatrix(rows, cols, array.Values.Select(v => (float)v).ToArray());
        }
        catch (AlfcInputException)
        {
            return null; // A damaged entry is recomputed, not fatal.
        }
    }

    public void Put(string key, string part, FeatureMatrix matrix)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = PathOf(key, part);
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        Npy.Write(temp, [matrix.Rows, matrix.Cols], "<f4", matrix.Values.Select(v => (double)v).ToArray());
        File.Move(temp, path, overwrite: true);
    }

    private string PathOf(string key, string part) => Path.Combine(Directory, $"{key}.{part}.npy");
}
