namespace ALfc.Core.Data;

/// <summary>
/// How to find and prepare a dataset. <see cref="DataRoot"/> holds one folder per dataset
/// (music/, labelme/, sentiment/); null means $ALFC_DATA, or else ./data.
/// </summary>
public sealed record DatasetOptions
{
    public string? DataRoot { get; init; }
    /// <summary>Null means the dataset's own default (<see cref="IDatasetLoader.DefaultScaling"/>).</summary>
    public FeatureScaling? Scaling { get; init; }

    /// <summary>LSA dimensions for sentiment features computed from text (Rodrigues used 1200).</summary>
    public int LsaDimensions { get; init; } = 1200;

    /// <summary>The largest --lsa-dims taken: past the paper's 1200 by far, short of a size that exhausts memory.</summary>
    public const int MaxLsaDimensions = 10_000;

    /// <summary>
    /// A --data root as given, checked: an empty path or one that is not a folder is refused by name, even where the
    /// dataset at hand (synthetic) reads nothing from it, so a typo never passes silently. Null (unset) stays null.
    /// Shared by alfc and alfc-node.
    /// </summary>
    public static string? CheckDataRoot(string? root)
    {
        if (root is null) return null;
        if (string.IsNullOrWhiteSpace(root)) throw new AlfcInputException("--data: the path is empty");
        if (!Directory.Exists(root)) throw new AlfcInputException(File.Exists(root) ? $"--data {root}: is a file, not a folder" : $"--data {root}: folder not found");
        return root;
    }

    /// <summary>Throws unless <paramref name="dimensions"/> is from 1 to <see cref="MaxLsaDimensions"/>.</summary>
    public static int CheckLsaDimensions(int dimensions) => dimensions is >= 1 and <= MaxLsaDimensions
        ? dimensions
        : throw new AlfcInputException($"--lsa-dims: must be from 1 to {MaxLsaDimensions}, got {dimensions}");

    /// <summary>Where computed features are cached; null means $ALFC_CACHE, or else ~/.cache/alfc.</summary>
    public string? CacheDirectory { get; init; }

    public SyntheticCrowdSpec Synthetic { get; init; } = new();

    public string ResolveDataRoot()
    {
        if (DataRoot is { Length: > 0 } root) return root;
        return Environment.GetEnvironmentVariable("ALFC_DATA") is { Length: > 0 } env ? env : Path.Combine(".", "data");
    }

    public string ResolveCacheDirectory()
    {
        if (CacheDirectory is { Length: > 0 } dir) return dir;
        if (Environment.GetEnvironmentVariable("ALFC_CACHE") is { Length: > 0 } env) return env;
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        // Without a usable home, a folder of this user's own under the temporary folder, not one shared name every user could plant files in.
        return Path.IsPathFullyQualified(home)
            ? Path.Combine(home, ".cache", "alfc")
            : Path.Combine(Path.GetTempPath(), $"alfc-cache-{Environment.UserName}");
    }
}
