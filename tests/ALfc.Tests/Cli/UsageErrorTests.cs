namespace ALfc.Tests.Cli;

/// <summary>Usage errors of either executable are one line on stderr and exit 2, like every other bad input; never the whole help.</summary>
public class UsageErrorTests
{
    [Theory]
    [InlineData("train", "--no-such-option")]
    [InlineData("sweep", "--preset", "quick", "--slots", "many")]
    [InlineData("frobnicate")]
    public void An_unknown_option_command_or_malformed_value_is_one_line_and_exit_2(params string[] args)
    {
        var outcome = AlfcProcess.Run(args);
        Assert.Equal(2, outcome.ExitCode);
        var line = Assert.Single(outcome.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("alfc: error: ", line);
        Assert.Contains(args[^1], line);
        Assert.Equal("", outcome.Stdout);
    }
}
