using System.Text.RegularExpressions;

namespace ALfc.Core;

/// <summary>
/// A command-line parser's error in the words of ALfc's other errors: "--seed: '1.5' is not a whole number" rather than
/// "Cannot parse argument '1.5' for option '--seed' as expected type 'System.Int64'", which names a .NET type a user
/// never wrote. Messages of other shapes pass through unchanged; every one comes back on one line.
/// </summary>
public static partial class UsageErrorText
{
    public static string Plain(string message)
    {
        var match = CannotParse().Match(message.TrimEnd('.'));
        if (!match.Success) return AlfcInputException.OneLine(message.TrimEnd('.'));
        string type = match.Groups["type"].Value, value = match.Groups["value"].Value, option = match.Groups["option"].Value;
        // A whole number too large for the option's type is out of range, not "not a whole number".
        (long Min, long Max)? range = type.Contains("System.Int32", StringComparison.Ordinal) ? (int.MinValue, int.MaxValue)
            : type.Contains("System.Int64", StringComparison.Ordinal) ? (long.MinValue, long.MaxValue) : null;
        if (range is { } r && WholeNumber().IsMatch(value))
        {
            // Invariant digits: a culture's own minus sign (U+2212 in sv-SE) is not what a user types.
            var culture = System.Globalization.CultureInfo.InvariantCulture;
            return AlfcInputException.OneLine(value.StartsWith('-')
                ? $"{option}: '{value}' is too small (at least {r.Min.ToString(culture)})"
                : $"{option}: '{value}' is too large (at most {r.Max.ToString(culture)})");
        }
        var expected = type switch
        {
            "System.Int32" or "System.Int64" or "System.Nullable`1[System.Int32]" or "System.Nullable`1[System.Int64]" => "a whole number",
            "System.Double" or "System.Nullable`1[System.Double]" => "a number",
            "System.Boolean" => "true or false",
            _ => "a valid value",
        };
        return AlfcInputException.OneLine($"{option}: '{value}' is not {expected}");
    }

    [GeneratedRegex(@"\A[+-]?[0-9]+\z")]
    private static partial Regex WholeNumber();

    [GeneratedRegex(@"\ACannot parse argument '(?<value>.*)' for option '(?<option>[^']*)' as expected type '(?<type>[^']*)'\z", RegexOptions.Singleline)]
    private static partial Regex CannotParse();
}
