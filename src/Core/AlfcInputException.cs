namespace ALfc.Core;

/// <summary>
/// Bad input from the user: a missing or malformed file, an unknown name, an out-of-range option.
/// The message is one line that names the file, line or field at fault; the CLI prints it as is,
/// without a stack trace, and exits non-zero.
/// </summary>
public class AlfcInputException(string message) : Exception(message)
{
    /// <summary>A problem at a place in a file: "FILE:LINE: what is wrong".</summary>
    public static AlfcInputException At(string file, int line, string problem) => new($"{file}:{line}: {problem}");

    /// <summary>A problem with a whole file or one of its fields: "FILE: what is wrong".</summary>
    public static AlfcInputException In(string file, string problem) => new($"{file}: {problem}");

    /// <summary>
    /// The message on one line: a value the user gave may hold a newline or other control character (a flag, a file
    /// name, a CSV field) and is echoed in the error, so those are shown escaped ("\n", "\u001b") instead.
    /// </summary>
    public static string OneLine(string message)
    {
        // A pasted 100 KB value echoed whole is not a readable line: keep its start and say how much was left out.
        const int longest = 2000;
        if (message.Length > longest) message = $"{message[..longest]}... ({message.Length - longest} more characters)";
        return PrintableText.Escape(message);
    }

}
