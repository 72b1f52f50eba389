using System.Net;
using System.Net.Sockets;

namespace Shortener.Hosting;

internal static class PortAllocator
{
    /// <summary>A port the OS says is free now; it is bound moments later by the resource.</summary>
    public static int GetFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
