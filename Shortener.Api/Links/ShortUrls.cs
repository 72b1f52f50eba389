using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Shortener.Api.Links;

/// <summary>
/// Builds short_url. Its base is Shortener:Redirect:BaseUrl, or, when that is unset, the first address this api listens
/// on (a wildcard host shown as localhost). Never the request's Host header: any client can send any Host, and a
/// short_url pointing at the sender's own domain is a phishing link with our name on it.
/// </summary>
public sealed class ShortUrls(IOptions<RedirectOptions> options, IServer server)
{
    private string? _base;

    public string For(string slug) => $"{Base}/{slug}";

    private string Base => _base ??= options.Value.BaseUrl?.TrimEnd('/') ?? FromListeningAddress();

    private string FromListeningAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost";
        if (!Uri.TryCreate(address.Replace("://+", "://localhost").Replace("://*", "://localhost"), UriKind.Absolute, out var uri))
            return "http://localhost";
        var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? "localhost" : uri.Host;
        return new UriBuilder(uri.Scheme, host, uri.Port).Uri.GetLeftPart(UriPartial.Authority);
    }
}
