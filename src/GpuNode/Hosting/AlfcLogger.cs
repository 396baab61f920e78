using System.Globalization;
using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace ALfc.GpuNode.Hosting;

/// <summary>
/// Akka's log sink: one line per event, "time LEVEL [source] message", to the console (stderr, so --json output
/// and tables on stdout stay clean) and, when <see cref="LogFile"/> is set, to that file as well. An interactive
/// sweep turns the console off and shows a progress bar instead, while the file keeps every line.
/// </summary>
public sealed class AlfcLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    private static readonly object Gate = new();

    /// <summary>Write to the console (stderr).</summary>
    public static bool ToConsole { get; set; } = true;

    /// <summary>Also append to this file; null for none.</summary>
    public static string? LogFile { get; set; }

    public AlfcLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(Write);
    }

    private static void Write(LogEvent e)
    {
        var level = e.LogLevel() switch
        {
            LogLevel.DebugLevel => "DEBUG",
            LogLevel.InfoLevel => "INFO ",
            LogLevel.WarningLevel => "WARN ",
            _ => "ERROR",
        };
        var message = e.Message?.ToString() ?? "";
        if (e is Error { Cause: { } cause }) message += $" ({cause.GetType().Name}: {cause.Message.Split('\n')[0]})";
        var line = string.Create(CultureInfo.InvariantCulture, $"{e.Timestamp:yyyy-MM-ddTHH:mm:ss.fffZ} {level} [{Source(e.LogSource)}] {message}");
        lock (Gate)
        {
            if (ToConsole) Console.Error.WriteLine(line);
            if (LogFile is { } file) File.AppendAllText(file, line + Environment.NewLine);
        }
    }

    private static string Source(string source)
    {
        // Keep the actor's name, drop the long "akka://alfc/user/" prefix.
        int user = source.IndexOf("/user/", StringComparison.Ordinal);
        return user >= 0 ? source[(user + 6)..] : source.StartsWith("akka", StringComparison.Ordinal) ? source[(source.LastIndexOf('/') + 1)..] : source;
    }
}
