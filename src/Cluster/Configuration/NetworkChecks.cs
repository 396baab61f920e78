using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using ALfc.Core;

namespace ALfc.Cluster.Configuration;

/// <summary>
/// Checks the network flags before anything starts: a host that does not resolve, an address that is not this
/// machine's, a port out of range or already in use are one-line errors naming the flag, never Akka's bind failure
/// and its shutdown log after the store has been written.
/// </summary>
public static class NetworkChecks
{
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A port flag: 0 (any free port) to 65535.</summary>
    public static int Port(int port, string option) =>
        port is >= 0 and <= 65535 ? port : throw new AlfcInputException($"{option}: {port} is not a port (0 to 65535; 0 = any free port)");

    /// <summary>
    /// Checks that this process can listen on <paramref name="host"/>:<paramref name="port"/>: the host is an address
    /// of this machine (or resolves to one), it can be advertised to other members, and the port is free.
    /// </summary>
    public static void Bindable(string host, int port, string option, string? portOption = null)
    {
        portOption ??= option;
        Port(port, portOption);
        var address = Resolve(host, option).FirstOrDefault(IsLocal)
                      ?? throw new AlfcInputException($"{option}: {host} is not an address of this machine (its addresses: {string.Join(", ", LocalAddresses().Select(a => a.ToString()))})");
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            throw new AlfcInputException($"{option}: {host} binds every interface but cannot be advertised to other members; give this machine's address");
        if (port == 0) return;
        var probe = new TcpListener(address, port);
        try
        {
            probe.Start();
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new AlfcInputException($"{portOption}: port {port} on {host} is already in use (another sweep or program listens there)");
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AccessDenied)
        {
            throw new AlfcInputException($"{portOption}: permission denied to listen on port {port} (ports below 1024 need privileges)");
        }
        catch (SocketException e)
        {
            throw new AlfcInputException($"{option}: cannot listen on {host}:{port} ({e.Message})");
        }
        finally
        {
            probe.Stop();
        }
    }

    /// <summary>
    /// Refuses a seed that is this node's own address: a node whose first seed is itself forms a cluster of its own
    /// and waits there for ever, with no coordinator and no join timeout to end it. Addresses count as the same when
    /// the port is and the hosts share an address (localhost and 127.0.0.1 are one); port 0 (any free port) never is.
    /// </summary>
    public static void NotSelf(string seedHost, int seedPort, string host, int port, string option)
    {
        if (port == 0 || seedPort != port) return;
        if (!Resolve(seedHost, option).Intersect(Resolve(host, option)).Any()) return;
        throw new AlfcInputException($"{option}: {seedHost}:{seedPort} is this node's own address (--host {host} --port {port}); " +
                                     "give the coordinator's --listen address, and this node another --port");
    }

    /// <summary>Checks that a seed's host resolves; whether it answers is found out by joining it.</summary>
    public static void Resolvable(string host, string option) => Resolve(host, option);

    private static IReadOnlyList<IPAddress> Resolve(string host, string option)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal)) return [literal];
        if (host.Length == 0 || host.All(c => char.IsAsciiDigit(c) || c == '.'))
            throw new AlfcInputException($"{option}: '{host}' is not an IP address");
        try
        {
            var lookup = Dns.GetHostAddressesAsync(host);
            if (!lookup.Wait(ResolveTimeout)) throw new AlfcInputException($"{option}: host '{host}' did not resolve within {ResolveTimeout.TotalSeconds:0} s");
            return lookup.Result.Length > 0 ? lookup.Result : throw new AlfcInputException($"{option}: host '{host}' has no address");
        }
        catch (AggregateException e) when (e.InnerException is SocketException or ArgumentException)
        {
            throw new AlfcInputException($"{option}: cannot resolve host '{host}' ({e.InnerException.Message})");
        }
    }

    private static bool IsLocal(IPAddress address) =>
        IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || LocalAddresses().Contains(address);

    private static IEnumerable<IPAddress> LocalAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(u => u.Address);
}
