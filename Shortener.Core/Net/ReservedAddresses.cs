using System.Net;
using System.Net.Sockets;

namespace Shortener.Core.Net;

/// <summary>
/// Addresses that are not on the public internet: private, loopback, link-local, unique-local, shared, documentation,
/// multicast, reserved. They belong to no country (enrichment), and webhooks and previews may not reach them (SSRF guard).
/// </summary>
public static class ReservedAddresses
{
    private static readonly (IPAddress Network, int Prefix, string Kind)[] s_ranges =
    [
        .. new[]
        {
            ("0.0.0.0/8", "this-network"), ("10.0.0.0/8", "private"), ("100.64.0.0/10", "shared (carrier-grade NAT)"),
            ("127.0.0.0/8", "loopback"), ("169.254.0.0/16", "link-local"), ("172.16.0.0/12", "private"),
            ("192.0.0.0/24", "IETF protocol"), ("192.0.2.0/24", "documentation"), ("192.88.99.0/24", "6to4 relay"),
            ("192.168.0.0/16", "private"), ("198.18.0.0/15", "benchmarking"), ("198.51.100.0/24", "documentation"),
            ("203.0.113.0/24", "documentation"), ("224.0.0.0/4", "multicast"), ("240.0.0.0/4", "reserved"),
            ("::/128", "unspecified"), ("::1/128", "loopback"), ("64:ff9b::/96", "NAT64"), ("100::/64", "discard"),
            ("2001:db8::/32", "documentation"), ("2002::/16", "6to4"), ("fc00::/7", "unique-local"), ("fe80::/10", "link-local"),
            ("ff00::/8", "multicast"),
        }.Select(Parse),
    ];

    public static bool Contains(IPAddress address) => Kind(address) is not null;

    /// <summary>The kind of range the address is in ("loopback", "private", …), or null for a public address.</summary>
    public static string? Kind(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        foreach (var range in s_ranges)
            if (range.Network.AddressFamily == address.AddressFamily && InRange(address, range.Network, range.Prefix)) return range.Kind;
        return null;
    }

    private static (IPAddress, int, string) Parse((string Cidr, string Kind) range)
    {
        var parts = range.Cidr.Split('/');
        return (IPAddress.Parse(parts[0]), int.Parse(parts[1]), range.Kind);
    }

    private static bool InRange(IPAddress address, IPAddress network, int prefix)
    {
        Span<byte> a = stackalloc byte[address.AddressFamily == AddressFamily.InterNetwork ? 4 : 16];
        Span<byte> n = stackalloc byte[a.Length];
        address.TryWriteBytes(a, out _);
        network.TryWriteBytes(n, out _);
        var bits = prefix;
        for (var i = 0; i < a.Length && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xFF : (byte)(0xFF << (8 - bits));
            if ((a[i] & mask) != (n[i] & mask)) return false;
        }
        return true;
    }
}
