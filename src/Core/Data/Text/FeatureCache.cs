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

    /// <summary>
    /// Makes sure entries can be written here, before the work that computes them: the folder exists or is created. A
    /// file in its place, or a folder that cannot be made, is one line naming the folder and ALFC_CACHE.
    /// </summary>
    public void Prepare()
    {
        if (File.Exists(Directory)) throw Unusable("is a file, not a folder");
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unusable(Reason(e));
        }
    }

    public void Put(string key, string part, FeatureMatrix matrix)
    {
        Prepare();
        var path = PathOf(key, part);
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            Npy.Write(temp, [matrix.Rows, matrix.Cols], "<f4", matrix.Values.Select(v => (double)v).ToArray());
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or AlfcInputException)
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // The folder refused the file in the first place: nothing of ours is there.
            }
            throw Unusable(Reason(e));
        }
    }

    /// <summary>The file system's refusal in words that name no temporary file: the line names the cache folder.</summary>
    private static string Reason(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        AlfcInputException => "an entry cannot be written there",
        DirectoryNotFoundException => "a folder on its path does not exist or is a file",
        FileNotFoundException => "the file system takes no new files there",
        _ => "it cannot be written there",
    };

    private AlfcInputException Unusable(string why) =>
        AlfcInputException.In(Directory, $"feature cache: {why} (set ALFC_CACHE to a writable folder)");

    private string PathOf(string key, string part) => Path.Combine(Directory, $"{key}.{part}.npy");
}
