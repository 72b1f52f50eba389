using System.Net;
using System.Net.Sockets;

namespace Shortener.Core.Net;

/// <summary>
/// The SSRF guard for webhook and preview targets: only http and https, and never an address that is not on the public
/// internet (loopback, private, link-local, unique-local, …). The address is checked where the socket connects, after
/// the name was resolved for that connection, so a name that resolves to a public address when it is registered and
/// to a private one later (DNS rebinding) gets nowhere; every redirect hop is a new connection and is checked again.
/// </summary>
public sealed class TargetGuard(bool allowPrivateTargets)
{
    public bool AllowsPrivateTargets => allowPrivateTargets;

    /// <summary>
    /// A handler whose every connection goes through the guard. No proxy (a proxy would connect for us, unchecked) and
    /// no automatic redirects (webhooks follow none; previews follow them one hop at a time).
    /// </summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        ConnectCallback = ConnectAsync,
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    };

    /// <summary>Why the scheme cannot be used, or null for http and https.</summary>
    public static string? SchemeRefusal(Uri uri) =>
        uri.Scheme is "http" or "https" ? null : $"Only http and https targets are allowed, not '{uri.Scheme}'.";

    /// <summary>The check at registration: resolves the host now and says why it is refused, or null when it may be used.</summary>
    public async Task<string?> CheckAsync(Uri uri, CancellationToken ct)
    {
        if (SchemeRefusal(uri) is { } scheme) return scheme;
        if (allowPrivateTargets) return null;
        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(uri.IdnHost, ct);
        }
        catch (SocketException e)
        {
            return $"The host '{uri.IdnHost}' could not be resolved ({e.SocketErrorCode}).";
        }
        foreach (var address in addresses)
            if (ReservedAddresses.Kind(address) is { } kind) return Describe(uri.IdnHost, address, kind);
        return addresses.Length == 0 ? $"The host '{uri.IdnHost}' has no address." : null;
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = await ResolveAsync(host, ct);
        var allowed = allowPrivateTargets ? addresses : addresses.Where(a => !ReservedAddresses.Contains(a)).ToArray();
        if (allowed.Length == 0)
        {
            var refused = addresses.FirstOrDefault();
            throw new TargetRefusedException(refused is null
                ? $"The host '{host}' has no address."
                : Describe(host, refused, ReservedAddresses.Kind(refused)!));
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        return IPAddress.TryParse(bare, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(bare, ct);
    }

    /// <summary>The most useful reason a request failed: the guard's refusal, a refused connection, a name that does not resolve.</summary>
    public static string Explain(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
            if (inner is TargetRefusedException refused) return "Refused: " + refused.Message;
        return e.InnerException is { } cause and not HttpRequestException ? $"{e.Message} ({cause.Message})" : e.Message;
    }

    private static string Describe(string host, IPAddress address, string kind) =>
        host == address.ToString()
            ? $"{address} is a {kind} address; webhooks and previews may only reach public addresses."
            : $"'{host}' resolves to {address}, a {kind} address; webhooks and previews may only reach public addresses.";
}

/// <summary>A connection the SSRF guard refused; its message says why.</summary>
public sealed class TargetRefusedException(string message) : IOException(message);
