using System.Net;
using System.Net.Sockets;

namespace Shortener.Core.Enrichment.Geo;

/// <summary>Addresses that belong to no country: private, loopback, link-local, shared, documentation, multicast, reserved.</summary>
public static class ReservedAddresses
{
    private static readonly (IPAddress Network, int Prefix)[] s_ranges =
    [
        .. new[]
        {
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
            "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
            "224.0.0.0/4", "240.0.0.0/4", "::/128", "::1/128", "64:ff9b::/96", "100::/64", "2001:db8::/32", "2002::/16",
            "fc00::/7", "fe80::/10", "ff00::/8",
        }.Select(Parse),
    ];

    public static bool Contains(IPAddress address) => s_ranges.Any(r => r.Network.AddressFamily == address.AddressFamily && InRange(address, r));

    private static (IPAddress, int) Parse(string cidr)
    {
        var parts = cidr.Split('/');
        return (IPAddress.Parse(parts[0]), int.Parse(parts[1]));
    }

    private static bool InRange(IPAddress address, (IPAddress Network, int Prefix) range)
    {
        Span<byte> a = stackalloc byte[address.AddressFamily == AddressFamily.InterNetwork ? 4 : 16];
        Span<byte> n = stackalloc byte[a.Length];
        address.TryWriteBytes(a, out _);
        range.Network.TryWriteBytes(n, out _);
        var bits = range.Prefix;
        for (var i = 0; i < a.Length && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xFF : (byte)(0xFF << (8 - bits));
            if ((a[i] & mask) != (n[i] & mask)) return false;
        }
        return true;
    }
}
