using System.Diagnostics;

namespace ALfc.Tests.Cli;

/// <summary>Runs the built `alfc` as a separate process, as a user would, and captures what it prints.</summary>
internal static class AlfcProcess
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    public static Outcome Run(params string[] args) => Run(null, args);

    public static Outcome Run(IDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "alfc.dll"));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["ALFC_CACHE"] = TestPaths.FeatureCache;
        if (environment is not null)
            foreach (var (key, value) in environment) info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("alfc " + string.Join(' ', args) + " did not finish");
        }
        return new Outcome(process.ExitCode, stdout.Result, stderr.Result);
    }
}
