using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ALfc.Tests.Cli;

/// <summary>
/// Runs the built `alfc` or `alfc-node` as a separate process, as a user would, and captures what it prints. A run
/// that does not end within its timeout is killed and fails the test (no hangs).
/// </summary>
internal static class AlfcProcess
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr)
    {
        public IReadOnlyList<string> StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>
    /// How to run: which executable (alfc or alfc-node), extra environment, a timeout, and whether to drop the
    /// privilege of ignoring file permissions (root has it; without dropping it no file is ever "permission denied").
    /// </summary>
    public sealed record Invocation(string Program, IReadOnlyList<string> Args)
    {
        public IDictionary<string, string>? Environment { get; init; }
        public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(3);
        public bool HonourFilePermissions { get; init; }

        /// <summary>
        /// The largest file the run may write, in KiB (`ulimit -f`), with SIGXFSZ ignored so a write past it fails with
        /// EFBIG, as a write to a full disk fails, instead of killing the process. Null: no limit.
        /// </summary>
        public int? FileSizeLimitKiB { get; init; }

        /// <summary>A file the run's stdout goes to instead of the pipe (/dev/full: a stdout that takes nothing). Null: the pipe.</summary>
        public string? StdoutFile { get; init; }
    }

    /// <summary>True when file permissions can be made to bite: not root, or root able to drop CAP_DAC_OVERRIDE with setpriv.</summary>
    public static bool CanHonourFilePermissions => geteuid() != 0 || File.Exists(SetPriv);

    public static Outcome Run(params string[] args) => Run(null, args);

    public static Outcome Run(IDictionary<string, string>? environment, params string[] args) =>
        Run(new Invocation("alfc", args) { Environment = environment });

    public static Outcome Run(Invocation invocation)
    {
        using var process = Start(invocation);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(invocation.Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{invocation.Program} {string.Join(' ', invocation.Args)} did not finish within {invocation.Timeout.TotalSeconds:0} s");
        }
        return new Outcome(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Starts a run with stdout and stderr redirected; the caller reads them and waits.</summary>
    public static Process Start(Invocation invocation)
    {
        bool dropPrivilege = invocation.HonourFilePermissions && geteuid() == 0;
        var shell = invocation.FileSizeLimitKiB is not null || invocation.StdoutFile is not null;
        var info = new ProcessStartInfo(shell ? "bash" : dropPrivilege ? SetPriv : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (shell)
        {
            // An ignored signal stays ignored across exec; the runtime's W^X double mapping would itself hit the limit.
            var limit = invocation.FileSizeLimitKiB is { } kib ? $"trap '' XFSZ; ulimit -f {kib}; " : "";
            if (limit.Length > 0) info.Environment["DOTNET_EnableWriteXorExecute"] = "0";
            var redirect = invocation.StdoutFile is { } file ? " > \"$0\"" : "";
            foreach (var arg in new[] { "-c", $"{limit}exec \"$@\"{redirect}", invocation.StdoutFile ?? "bash" }) info.ArgumentList.Add(arg);
            info.ArgumentList.Add(dropPrivilege ? SetPriv : "dotnet");
        }
        if (dropPrivilege)
            foreach (var arg in new[] { "--bounding-set", "-dac_override,-dac_read_search", "dotnet" }) info.ArgumentList.Add(arg);
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, invocation.Program + ".dll"));
        foreach (var arg in invocation.Args) info.ArgumentList.Add(arg);
        info.Environment["ALFC_CACHE"] = TestPaths.FeatureCache;
        if (invocation.Environment is not null)
            foreach (var (key, value) in invocation.Environment) info.Environment[key] = value;
        return Process.Start(info)!;
    }

    /// <summary>Sends a signal (SIGTERM = 15, SIGINT = 2) to a process, as `kill` does; Process.Kill only sends SIGKILL.</summary>
    public static void Signal(Process process, int signal) => Assert.Equal(0, kill(process.Id, signal));

    private const string SetPriv = "/usr/bin/setpriv";

    [DllImport("libc")]
    private static extern uint geteuid();

    [DllImport("libc")]
    private static extern int kill(int pid, int sig);
}
