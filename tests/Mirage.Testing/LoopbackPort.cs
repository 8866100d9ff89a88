using System.Net;
using System.Net.Sockets;

namespace Mirage.Testing;

/// <summary>Loopback ports for tests that need a server that is not there, or a port of their own.</summary>
public static class LoopbackPort
{
    /// <summary>A port the system just gave out and took back: nothing listens on it.</summary>
    public static int Unused()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
