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

    /// <summary>
    /// <see cref="RunAsync"/> on a thread of its own, for a command that holds an output reservation: the action returns its
    /// task at once, so SIGTERM or Ctrl-C cancels the token the body watches (it stops at its next step and lets the
    /// reservation go) instead of finding the action still inside its first call and ending the process there.
    /// </summary>
    public static Task<int> RunCancellable(Func<Task<int>> body) => Task.Run(() => RunAsync(body));

    /// <inheritdoc cref="RunCancellable(Func{Task{int}})"/>
    public static Task<int> RunCancellable(Func<int> body) => Task.Run(() => Run(body));

    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (AlfcInputException e)
        {
            Console.Error.WriteLine($"alfc: error: {AlfcInputException.OneLine(e.Message)}");
            return BadInput;
        }
        catch (IOException e) when (e.Source == "System.Console")
        {
            // Output redirected to a full disk or /dev/full: the message names no file, so say which stream it was
            // (stderr is the one left to say it on).
            Console.Error.WriteLine($"alfc: error: cannot write to standard output: {FirstLine(e.Message)}");
            return BadInput;
        }
        catch (Exception e) when (FileSystemErrors.IsFileSystem(e))
        {
            // Permission denied on a data file, the grid or the store's folder, a folder where a file belongs: the
            // user's to fix, so bad input, named by its path.
            Console.Error.WriteLine($"alfc: error: {AlfcInputException.OneLine(FileSystemErrors.ToInput(e).Message)}");
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

    private static string FirstLine(string message) => message.Split('\n')[0].TrimEnd();
}
