namespace ALfc.Coordinator.Bench;

/// <summary>
/// This process's peak resident set (VmHWM of /proc/self/status), and its reset by writing 5 to /proc/self/clear_refs
/// (Linux 4.0 and later), so that `alfc bench` can report each trial's own peak rather than the whole run's.
/// Elsewhere both say "unknown" (null) instead of guessing.
/// </summary>
internal static class PeakMemory
{
    /// <summary>Starts a new peak from the current resident set; false where the kernel does not allow it.</summary>
    public static bool Reset()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>Peak resident set in MB since the start or the last <see cref="Reset"/>, or null where unknown.</summary>
    public static double? PeakMegabytes()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is null) return null;
            var kilobytes = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            return kilobytes / 1024.0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
