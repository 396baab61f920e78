using ALfc.Core;

namespace ALfc.Coordinator.Cli;

/// <summary>
/// Runs a command body so that bad input ends as one line on stderr and a non-zero exit, never a
/// stack trace. Exit codes: 0 success, 2 bad input (a file system refusal included), 1 anything unexpected.
/// </summary>
internal static class CliRunner
{
    public const int BadInput = 2;
    public const int Failure = 1;

    public static int Run(Func<int> body) => RunAsync(() => Task.FromResult(body())).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (AlfcInputException e)
        {
            Console.Error.WriteLine($"alfc: error: {OneLine(e.Message)}");
            return BadInput;
        }
        catch (Exception e) when (FileSystemErrors.IsFileSystem(e))
        {
            // Permission denied on a data file, the grid or the store's folder, a folder where a file belongs: the
            // user's to fix, so bad input, named by its path.
            Console.Error.WriteLine($"alfc: error: {OneLine(FileSystemErrors.ToInput(e).Message)}");
            return BadInput;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("alfc: cancelled");
            return 130;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"alfc: internal error: {e.GetType().Name}: {FirstLine(e.Message)}");
            return Failure;
        }
    }

    /// <summary>
    /// The message on one line: a value the user gave may hold a newline or other control character (a flag, a file
    /// name, a CSV field) and is echoed in the error, so those are shown escaped ("\n", "\u001b") instead.
    /// </summary>
    internal static string OneLine(string message)
    {
        // A pasted 100 KB value echoed whole is not a readable line: keep its start and say how much was left out.
        const int longest = 2000;
        if (message.Length > longest) message = $"{message[..longest]}... ({message.Length - longest} more characters)";
        if (!message.Any(char.IsControl)) return message;
        var text = new System.Text.StringBuilder(message.Length + 8);
        foreach (var c in message)
            text.Append(c switch
            {
                '\n' => "\\n", '\r' => "\\r", '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        return text.ToString();
    }

    private static string FirstLine(string message) => message.Split('\n')[0].TrimEnd();
}
