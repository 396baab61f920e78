using ALfc.Cluster.Logging;
using ALfc.Core;
using Akka.Actor;
using Akka.Configuration;

namespace ALfc.Cluster.Configuration;

/// <summary>Builds an ActorSystem's config: the command line's overrides on top of cluster.hocon (copied beside the executable).</summary>
public static class ClusterConfig
{
    public const string SystemName = "alfc";
    public const string CoordinatorRole = "coordinator";
    public const string TrainerRole = "gpu";
    public const string CoordinatorName = "coordinator";

    public static Config Build(string hostname, int port, IEnumerable<string> roles, IEnumerable<string> seeds, LogSettings? log = null, string? extra = null)
    {
        var hocon = Path.Combine(AppContext.BaseDirectory, "cluster.hocon");
        if (!File.Exists(hocon)) throw AlfcInputException.In(hocon, "Akka configuration not found beside the executable");
        static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
        var overrides = $"""
            akka.remote.dot-netty.tcp.hostname = {Quote(CanonicalHost(hostname))}
            akka.remote.dot-netty.tcp.port = {port}
            akka.cluster.roles = [{string.Join(", ", roles.Select(Quote))}]
            akka.cluster.seed-nodes = [{string.Join(", ", seeds.Select(s => Quote(SeedAddress(s))))}]
            {(log ?? LogSettings.Console).ToHocon()}
            {extra ?? ""}
            """;
        var config = ConfigurationFactory.ParseString(overrides);
        // A site's own settings (TLS certificates, timeouts) go in a file of their own, layered over cluster.hocon.
        if (Environment.GetEnvironmentVariable("ALFC_AKKA_CONFIG") is { Length: > 0 } site)
        {
            if (!File.Exists(site)) throw AlfcInputException.In(site, "ALFC_AKKA_CONFIG names a file that does not exist");
            Core.Data.Io.InputFile.Require(site, maxBytes: Core.Data.Io.InputFile.MaxConfigBytes);
            config = config.WithFallback(ConfigurationFactory.ParseString(File.ReadAllText(site)));
        }
        return config.WithFallback(ConfigurationFactory.ParseString(File.ReadAllText(hocon)));
    }

    /// <summary>
    /// Starts an ActorSystem on <paramref name="config"/>. A bind failure the flag checks could not foresee (the port
    /// taken in the moment between check and bind) is a one-line error naming <paramref name="option"/>, not Akka's
    /// nested AggregateException.
    /// </summary>
    public static ActorSystem StartSystem(Config config, string host, int port, string option)
    {
        try
        {
            return ActorSystem.Create(SystemName, config);
        }
        catch (Exception e) when (Innermost(e) is System.Net.Sockets.SocketException or Akka.Remote.RemoteTransportException)
        {
            throw new AlfcInputException($"{option}: cannot listen on {host}:{port} ({Innermost(e).Message.Split('\n')[0]})");
        }
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is { } inner) e = inner;
        return e;
    }

    /// <summary>"host:port" (or a full akka.tcp address) as a seed-node address; anything else is a one-line error.</summary>
    public static string SeedAddress(string seed)
    {
        if (seed.StartsWith("akka.tcp://", StringComparison.Ordinal)) return seed;
        var (host, port) = ParseHostPort(seed, "--seeds");
        return $"akka.tcp://{SystemName}@{CanonicalHost(host)}:{port}";
    }

    /// <summary>
    /// The host a member advertises and a seed is addressed to. Akka matches addresses as written: a coordinator
    /// listening as <c>localhost</c> drops what a node seeded with <c>127.0.0.1</c> sends it, and the reverse, so the
    /// node waited out its join timeout on one machine. Both executables write localhost as 127.0.0.1. Other host names
    /// stay as given: a machine's name can resolve to 127.0.1.1 locally (Debian's /etc/hosts) and to its LAN address on
    /// the other machines, so resolving it here would advertise an address the nodes cannot reach.
    /// </summary>
    public static string CanonicalHost(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ? "127.0.0.1" : host;

    public static (string Host, int Port) ParseHostPort(string text, string option)
    {
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port))
            throw new AlfcInputException($"{option}: '{text}' is not HOST:PORT");
        if (port > 65535) throw new AlfcInputException($"{option}: '{text}': {port} is not a port (0 to 65535)");
        var host = text[..colon];
        // "::1:4000" cannot be split without brackets; Akka would fail on it later, after files were written.
        if (host.Contains(':') && !(host.StartsWith('[') && host.EndsWith(']')))
            throw new AlfcInputException($"{option}: '{text}': write an IPv6 address in brackets, e.g. [::1]:4000");
        return (host, port);
    }
}
