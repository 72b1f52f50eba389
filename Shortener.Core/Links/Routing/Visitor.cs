using System.Buffers.Binary;
using Microsoft.AspNetCore.Http;
using Shortener.Core.Enrichment.Geo;
using Shortener.Core.Enrichment.UserAgents;
using Shortener.Core.Enrichment.Visitors;

namespace Shortener.Core.Links.Routing;

/// <summary>
/// What a redirect knows about its visitor, each part worked out once and only when a rule or variant asks for it: the
/// user agent is parsed, the country looked up and the daily visitor hash taken at most once per redirect.
/// </summary>
public sealed class Visitor(string? ip, string? userAgent, string? acceptLanguage, IQueryCollection query, DateTimeOffset now,
    VisitorServices services)
{
    private UserAgentInfo? _agent;
    private string? _country;
    private bool _countryKnown;
    private string? _language;
    private bool _languageKnown;

    public DateTimeOffset Now => now;

    public IQueryCollection Query => query;

    public UserAgentInfo Agent => _agent ??= services.UserAgents.Analyze(userAgent);

    public string? Country
    {
        get
        {
            if (!_countryKnown) (_country, _countryKnown) = (services.Countries.Find(ip), true);
            return _country;
        }
    }

    /// <summary>The most preferred language of Accept-Language (highest q, first of equals), lower case; null when none.</summary>
    public string? Language
    {
        get
        {
            if (!_languageKnown) (_language, _languageKnown) = (AcceptLanguage.Preferred(acceptLanguage), true);
            return _language;
        }
    }

    /// <summary>0-99, the same all day for the same visitor (IP and user agent) and link: the daily visitor hash, spread per link.</summary>
    public int BucketFor(long linkId)
    {
        var hash = services.Visitors.Hash(ip, userAgent, now);
        var mixed = BinaryPrimitives.ReadUInt64LittleEndian(hash) ^ unchecked((ulong)linkId * 0x9E3779B97F4A7C15UL);
        return (int)(mixed % 100);
    }
}

/// <summary>The enrichment parts a redirect may need, made once per process.</summary>
public sealed record VisitorServices(UserAgentAnalyzer UserAgents, CountryLookup Countries, VisitorHasher Visitors);
