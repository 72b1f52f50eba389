using System.Net;
using System.Net.Sockets;

namespace Shortener.Hosting;

internal static class PortAllocator
{
    // Below Linux's ephemeral range (32768–60999): the kernel never hands these to outgoing connections, so a port
    // found free here stays free until the resource binds it, even while other apps start in parallel.
    private const int First = 20000, Last = 32767;
    private static readonly HashSet<int> s_handedOut = [];

    /// <summary>A port nothing listens on now and that this process has not handed out before.</summary>
    public static int GetFreePort()
    {
        lock (s_handedOut)
        {
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var port = Random.Shared.Next(First, Last + 1);
                if (s_handedOut.Contains(port) || !IsFree(port)) continue;
                s_handedOut.Add(port);
                return port;
            }
        }
        throw new DistributedApplicationException($"No free port found between {First} and {Last}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
