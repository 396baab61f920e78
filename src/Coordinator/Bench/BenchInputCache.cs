using ALfc.Core.Evaluation;

namespace ALfc.Coordinator.Bench;

/// <summary>
/// The bench's black-box input cache: in place of the process's (<see cref="BlackBoxInputCache.Shared"/>) while the bench
/// runs, a folder of its own that no earlier run has filled, deleted at the end. So each dataset's first timed trial
/// crafts its repetition's black-box inputs, as a sweep's first trial of a repetition does, and the trials after it read
/// them back, as the sweep's other trials of that repetition do, whatever the user's own cache holds. With the cache
/// turned off (<see cref="BlackBoxInputCache.BudgetVariable"/> = 0) the bench times without one, as such a sweep runs.
/// </summary>
internal sealed class BenchInputCache : IDisposable
{
    private readonly IDisposable? replacement;

    public BenchInputCache()
    {
        if (BlackBoxInputCache.Shared is not { } shared) return;
        Cache = new BlackBoxInputCache(Path.Combine(Path.GetTempPath(), $"alfc-bench-blackbox-{Environment.ProcessId}-{Guid.NewGuid():N}"), shared.MaxBytes);
        replacement = BlackBoxInputCache.Replace(Cache);
    }

    /// <summary>The bench's cache, or null when caching is off.</summary>
    public BlackBoxInputCache? Cache { get; }

    public void Dispose()
    {
        replacement?.Dispose();
        if (Cache is null) return;
        try
        {
            if (Directory.Exists(Cache.Directory)) Directory.Delete(Cache.Directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A folder under the temporary folder that could not be removed is left for the system's clean-up.
        }
    }
}
