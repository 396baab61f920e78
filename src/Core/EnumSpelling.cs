using System.Reflection;
using System.Runtime.Serialization;

namespace ALfc.Core;

/// <summary>
/// The spelling of an enum member in files, the CLI and the store: its <c>[EnumMember(Value = ...)]</c>, which
/// <see cref="AlfcJson"/> also writes. One place reads it, so a member cannot be spelt two ways.
/// </summary>
public static class EnumSpelling<T> where T : struct, Enum
{
    private static readonly IReadOnlyDictionary<T, string> Names = Enum.GetValues<T>().ToDictionary(v => v,
        v => typeof(T).GetField(v.ToString())!.GetCustomAttribute<EnumMemberAttribute>()?.Value ?? v.ToString().ToLowerInvariant());

    /// <summary>Every spelling, in declaration order, for error messages ("a, b or c").</summary>
    public static string Expected { get; } = Names.Count == 1 ? Names.Values.First()
        : string.Join(", ", Names.Values.SkipLast(1)) + " or " + Names.Values.Last();

    public static string Name(T value) => Names[value];

    /// <summary>The member spelt <paramref name="text"/> (case and surrounding blanks ignored), or false.</summary>
    public static bool TryParse(string text, out T value)
    {
        var key = text.Trim();
        foreach (var (member, name) in Names)
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase))
            {
                value = member;
                return true;
            }
        value = default;
        return false;
    }
}
