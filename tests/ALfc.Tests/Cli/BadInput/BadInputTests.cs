using System.Text.RegularExpressions;

namespace ALfc.Tests.Cli.BadInput;

/// <summary>
/// Every hostile input of <see cref="BadInputCases"/>, run as a user would: exit code 2, exactly one line on stderr, the
/// executable's "error:" line naming the file, field or flag, no stack trace, no hang, nothing on stdout, and every file
/// that was there (the ALfc store, another program's database, the data) byte-identical afterwards, with nothing new
/// written beside them.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes; ALfc runs on Linux
public partial class BadInputTests
{
    public static TheoryData<string> Causes => new(BadInputCases.All.Where(c => !c.HonourFilePermissions).Select(c => c.Cause));

    public static TheoryData<string> PermissionCauses => new(BadInputCases.All.Where(c => c.HonourFilePermissions).Select(c => c.Cause));

    [Theory]
    [MemberData(nameof(Causes))]
    public void Is_refused_in_one_line_naming_it_and_changes_nothing(string cause) => Check(cause);

    [FilePermissionsTheory]
    [MemberData(nameof(PermissionCauses))]
    public void Permission_denied_is_refused_in_one_line_naming_the_path_and_changes_nothing(string cause) => Check(cause);

    private static void Check(string cause)
    {
        var @case = BadInputCases.All.Single(c => c.Cause == cause);
        var scratch = new Scratch();
        using var held = @case.Arrange?.Invoke(scratch);
        var before = scratch.Snapshot();
        var outcome = AlfcProcess.Run(new AlfcProcess.Invocation(@case.Program, @case.Args(scratch))
        {
            Timeout = TimeSpan.FromSeconds(60),
            HonourFilePermissions = @case.HonourFilePermissions,
        });
        var after = scratch.Snapshot();

        Assert.True(outcome.ExitCode == 2, $"exit {outcome.ExitCode}, stderr: {outcome.Stderr}");
        var line = Assert.Single(outcome.StderrLines);
        Assert.StartsWith($"{@case.Program}: error: ", line);
        foreach (var name in @case.Names(scratch))
            Assert.True(line.Contains(name, StringComparison.Ordinal), $"expected it to hold '{name}': {line}");
        Assert.DoesNotMatch(StackFrame(), outcome.Stderr);
        Assert.Equal("", outcome.Stdout);
        Assert.Equal(before, after);
    }

    [GeneratedRegex(@"^\s+at |Exception:|internal error", RegexOptions.Multiline)]
    private static partial Regex StackFrame();
}

/// <summary>A theory that needs file permissions to apply: skipped for root when setpriv cannot drop the override.</summary>
public sealed class FilePermissionsTheoryAttribute : TheoryAttribute
{
    public FilePermissionsTheoryAttribute()
    {
        if (!AlfcProcess.CanHonourFilePermissions) Skip = "running as root without setpriv: file permissions cannot be made to apply";
    }
}

/// <summary>A fact that needs file permissions to apply: skipped for root when setpriv cannot drop the override.</summary>
public sealed class FilePermissionsFactAttribute : FactAttribute
{
    public FilePermissionsFactAttribute()
    {
        if (!AlfcProcess.CanHonourFilePermissions) Skip = "running as root without setpriv: file permissions cannot be made to apply";
    }
}
