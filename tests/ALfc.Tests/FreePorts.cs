namespace ALfc.Tests;

/// <summary>Loopback ports for tests that start a listening process.</summary>
internal static class FreePorts
{
    /// <summary>A port nothing listened on a moment ago (the system's choice for port 0), for a process the test starts next.</summary>
    public static int Next()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
