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

    [Theory]
    [InlineData(new[] { "train", "--seed", "1.5" }, "alfc: error: --seed: '1.5' is not a whole number")]
    [InlineData(new[] { "train", "--lsa-dims", "1e3" }, "alfc: error: --lsa-dims: '1e3' is not a whole number")]
    [InlineData(new[] { "poison", "--answers", "x", "--attack", "flip", "--malicious", "100000000000", "--budget", "0.5" }, "alfc: error: --malicious: '100000000000' is too large (at most 2147483647)")]
    [InlineData(new[] { "train", "--seed", "99999999999999999999" }, "alfc: error: --seed: '99999999999999999999' is too large (at most 9223372036854775807)")]
    [InlineData(new[] { "train", "--seed", "-99999999999999999999" }, "alfc: error: --seed: '-99999999999999999999' is too small (at least -9223372036854775808)")]
    [InlineData(new[] { "train", "--lr", "fast" }, "alfc: error: --lr: 'fast' is not a number")]
    [InlineData(new[] { "train", "--epochs", "x", "--hidden", "y" }, "alfc: error: --epochs: 'x' is not a whole number; --hidden: 'y' is not a whole number")]
    public void A_malformed_number_is_named_by_its_flag_in_plain_words_not_by_a_dotnet_type(string[] args, string expected)
    {
        var outcome = AlfcProcess.Run(args);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(expected, outcome.Stderr.Trim());
    }

    [Fact]
    public void Other_parser_messages_pass_through_on_one_line()
    {
        Assert.Equal("Unrecognized command or argument 'x'", ALfc.Core.UsageErrorText.Plain("Unrecognized command or argument 'x'."));
        Assert.Equal("--seed: 'a\\nb' is not a whole number", ALfc.Core.UsageErrorText.Plain("Cannot parse argument 'a\nb' for option '--seed' as expected type 'System.Int64'"));
    }
}
