using System.CommandLine;
using System.CommandLine.Parsing;

namespace ALfc.Coordinator.Cli;

/// <summary>
/// Refuses an option given an empty (or blank) value, naming the option, for every command at once. One by one the
/// commands had missed some: <c>alfc grid show --grid ''</c> said "<c>: grid file not found</c>", naming nothing.
/// </summary>
public static class EmptyValues
{
    // What the option's value is, for the message; any other option's value is "the value".
    private static readonly HashSet<string> Paths = ["--store", "--data", "--out", "--answers", "--poisoned", "--compare", "--grid", "--report"];
    private static readonly HashSet<string> Lists = ["--datasets", "--methods", "--attacks", "--victims", "--poisoning", "--device", "--eps", "--train-eps"];

    /// <summary>The one-line error for the first option given a blank value, or null when there is none.</summary>
    public static string? Find(ParseResult parsed)
    {
        for (var command = parsed.CommandResult; command is not null; command = command.Parent as CommandResult)
            foreach (var option in command.Children.OfType<OptionResult>())
                if (option.Tokens.Any(t => string.IsNullOrWhiteSpace(t.Value)))
                {
                    var name = option.Option.Name;
                    return $"{name}: {(Paths.Contains(name) ? "the path is empty" : Lists.Contains(name) ? "the list is empty" : "the value is empty")}";
                }
        return null;
    }
}
