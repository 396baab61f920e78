namespace ALfc.Coordinator.Store;

/// <summary>
/// Reads the host out of an Akka node address ("alfc@10.0.0.11:4054" → "10.0.0.11"). A node restarted on one machine
/// comes back on a new port, so status and provenance group nodes by host: one machine stays one line.
/// </summary>
public static class NodeAddress
{
    public static string Host(string? node)
    {
        if (string.IsNullOrEmpty(node)) return "?";
        var address = node.Contains('@') ? node[(node.IndexOf('@') + 1)..] : node;
        int colon = address.LastIndexOf(':');
        return colon > 0 ? address[..colon] : address;
    }
}
