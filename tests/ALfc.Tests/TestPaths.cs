namespace ALfc.Tests;

/// <summary>Where the repository, the shared real datasets and a scratch folder are.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>
    /// The real datasets: <c>ALFC_DATA</c> when set (as the CLI honours it), else ../shared/data relative to the
    /// repository root, as CI lays it out.
    /// </summary>
    public static string SharedData { get; } = Path.GetFullPath(
        Environment.GetEnvironmentVariable("ALFC_DATA") is { Length: > 0 } dir ? dir : Path.Combine(RepoRoot, "..", "shared", "data"));

    public static bool HasSharedData => Directory.Exists(Path.Combine(SharedData, "music"));

    /// <summary>One feature cache per test run, so the sentiment LSA is computed once, not per test.</summary>
    public static string FeatureCache { get; } = Path.Combine(RepoRoot, "tests", "ALfc.Tests", "bin", "feature-cache");

    public static string NewScratchDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "alfc-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ALfc.sln"))) return dir.FullName;
        throw new InvalidOperationException("ALfc.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A fact that needs ../shared/data: reported as skipped (never as passed) when it is absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (!TestPaths.HasSharedData) Skip = $"shared data not found at {TestPaths.SharedData}";
    }
}

/// <summary>A theory that needs ../shared/data; skipped when it is absent.</summary>
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute()
    {
        if (!TestPaths.HasSharedData) Skip = $"shared data not found at {TestPaths.SharedData}";
    }
}

/// <summary>
/// A fact that needs a CUDA device (the TorchSharp-cuda-linux build on a GPU machine): reported as skipped, never
/// as passed, elsewhere. These are the checks to run on a GPU node before trusting its numbers.
/// </summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (!Core.Models.ComputeDevice.CudaAvailable) Skip = "no CUDA device in this process (TorchSharp-cpu build or no GPU)";
    }
}
