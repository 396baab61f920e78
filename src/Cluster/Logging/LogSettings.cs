using System.Globalization;

namespace ALfc.Cluster.Logging;

/// <summary>
/// Where <see cref="AlfcLogger"/> writes: the console (stderr) and/or a file. Given to <c>ClusterConfig.Build</c>, which
/// puts it in the ActorSystem's config (alfc.log.*), where the logger reads it: Akka creates loggers by type name, so
/// settings reach them through the config, never through statics.
/// </summary>
public sealed record LogSettings(bool ToConsole = true, string? File = null)
{
    public static LogSettings Console { get; } = new();

    internal string ToHocon()
    {
        static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
        return string.Create(CultureInfo.InvariantCulture, $"alfc.log.console = {(ToConsole ? "on" : "off")}\nalfc.log.file = {(File is null ? "\"\"" : Quote(File))}");
    }
}
