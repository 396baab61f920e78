using System.Globalization;
using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace ALfc.Cluster.Logging;

/// <summary>
/// Akka's log sink: one line per event, "time LEVEL [source] message", to the console (stderr, so --json output
/// and tables on stdout stay clean) and/or to a file, as the system's <see cref="LogSettings"/> say (alfc.log.console,
/// alfc.log.file). An interactive sweep turns the console off and shows a progress bar instead, while the file keeps
/// every line.
/// </summary>
public sealed class AlfcLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    // Several ActorSystems in one process (tests, a sweep's shutdown and restart) may share the console and a file.
    private static readonly object Gate = new();

    private readonly bool toConsole;
    private string? logFile;

    public AlfcLogger()
    {
        var config = Context.System.Settings.Config;
        toConsole = !config.HasPath("alfc.log.console") || config.GetBoolean("alfc.log.console");
        logFile = config.HasPath("alfc.log.file") && config.GetString("alfc.log.file") is { Length: > 0 } file ? file : null;
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(Write);
    }

    private void Write(LogEvent e)
    {
        // One event, one line: Akka puts whole stack traces into some messages (remoting's association failures);
        // they are noise in a sweep's log, and the first line says what happened.
        var message = FirstLine(e.Message?.ToString() ?? "");
        if (AkkaLogNoise.LevelOf(e, message) is not { } at) return;
        var level = at switch
        {
            LogLevel.DebugLevel => "DEBUG",
            LogLevel.InfoLevel => "INFO ",
            LogLevel.WarningLevel => "WARN ",
            _ => "ERROR",
        };
        if (e is Error { Cause: { } cause }) message += $" ({cause.GetType().Name}: {FirstLine(cause.Message)})";
        var line = string.Create(CultureInfo.InvariantCulture, $"{e.Timestamp:yyyy-MM-ddTHH:mm:ss.fffZ} {level} [{Source(e.LogSource)}] {message}");
        lock (Gate)
        {
            if (toConsole) Console.Error.WriteLine(line);
            if (logFile is { } file) Append(file, line);
        }
    }

    /// <summary>
    /// Appends a line, sharing the file with any other writer (another sweep whose store has the same stem, a.db and
    /// a.sqlite): .NET's default share mode takes an exclusive lock for the append, which a second writer would fail on
    /// every line. Should the file still refuse a line (deleted folder, full disk), that is said once on stderr and
    /// the file is dropped: a failing log sink must not log its own failures without end.
    /// </summary>
    private void Append(string file, string line)
    {
        try
        {
            using var stream = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            using var writer = new StreamWriter(stream);
            writer.WriteLine(line);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logFile = null;
            Console.Error.WriteLine($"alfc: warning: {file}: cannot write the log any more ({FirstLine(e.Message)}); " +
                                    (toConsole ? "log lines go on to stderr only" : "later log lines are not kept"));
        }
    }

    private static string FirstLine(string text) => text.AsSpan().IndexOfAny('\r', '\n') is var end and >= 0 ? text[..end].TrimEnd() : text;

    private static string Source(string source)
    {
        // Keep the actor's name, drop the long "akka://alfc/user/" prefix.
        int user = source.IndexOf("/user/", StringComparison.Ordinal);
        return user >= 0 ? source[(user + 6)..] : source.StartsWith("akka", StringComparison.Ordinal) ? source[(source.LastIndexOf('/') + 1)..] : source;
    }
}
