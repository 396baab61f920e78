using System.Diagnostics;

namespace ALfc.Tests.Reports;

/// <summary>
/// A real headless Chromium, for checking the report page as a reader sees it. Found at $ALFC_CHROMIUM, else on the
/// usual Debian and Google paths; where none is installed the tests that need it report as skipped, naming what to
/// install (`apt-get install chromium`).
/// </summary>
internal static class HeadlessBrowser
{
    public static string? Path { get; } = new[]
        {
            Environment.GetEnvironmentVariable("ALFC_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable",
        }.FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    /// <summary>Loads <paramref name="page"/> in a window of the given size and returns the DOM once its scripts ran.</summary>
    public static string DumpDom(string page, int width, int height) => Run(page, width, height, "--dump-dom");

    /// <summary>Saves a screenshot of the page's first <paramref name="height"/> pixels.</summary>
    public static void Screenshot(string page, string png, int width, int height) => Run(page, width, height, $"--screenshot={png}");

    private static string Run(string page, int width, int height, string action)
    {
        var profile = Directory.CreateTempSubdirectory("alfc-chromium-");
        try
        {
            var info = new ProcessStartInfo(Path ?? throw new InvalidOperationException("no browser"))
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            foreach (var arg in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--no-first-run", "--hide-scrollbars", $"--user-data-dir={profile.FullName}", $"--window-size={width},{height}", "--virtual-time-budget=10000",
                         action, new Uri(System.IO.Path.GetFullPath(page)).AbsoluteUri,
                     })
                info.ArgumentList.Add(arg);
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{Path} did not finish loading {page}");
            }
            if (process.ExitCode != 0) throw new InvalidOperationException($"{Path} exited {process.ExitCode}: {stderr.Result}");
            return stdout.Result;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}

/// <summary>A test that needs a headless browser; skipped, with the reason, where none is installed.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (HeadlessBrowser.Path is null) Skip = "no headless browser found (install Debian's chromium, or set ALFC_CHROMIUM to a Chromium or Chrome binary)";
    }
}
