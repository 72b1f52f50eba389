using Shortener.Core.Clicks;
using Shortener.Core.Enrichment.Geo;
using Shortener.Core.Enrichment.Referrers;
using Shortener.Core.Enrichment.UserAgents;
using Shortener.Core.Enrichment.Visitors;
using Shortener.Core.Links.Routing;

namespace Shortener.Core.Enrichment;

/// <summary>A click as stored: everything derived once, in the worker; the raw IP goes no further than here.</summary>
/// <remarks>A struct: one is made per click and lives only until its row is written.</remarks>
public readonly record struct EnrichedClick(Guid EventId, long LinkId, DateTimeOffset OccurredAt, string? Country, string? Referrer,
    string ReferrerHost, string? UserAgent, string Browser, string Os, string DeviceType, bool IsBot, byte[] VisitorHash,
    ClickChoice? Choice = null);

public sealed class ClickEnricher(CountryLookup countries, UserAgentAnalyzer userAgents, VisitorHasher visitors)
{
    // Stored device names, made once rather than a ToString().ToLowerInvariant() per click.
    private static readonly string[] s_deviceNames = [.. Enum.GetValues<DeviceType>().Select(d => d.ToString().ToLowerInvariant())];

    public EnrichedClick Enrich(ClickEvent click)
    {
        var agent = userAgents.Analyze(click.UserAgent);
        return new EnrichedClick(click.EventId, click.LinkId, click.OccurredAt, countries.Find(click.Ip), click.Referrer,
            ReferrerHost.Normalise(click.Referrer), click.UserAgent, agent.Browser, agent.Os, s_deviceNames[(int)agent.Device],
            agent.IsBot, visitors.Hash(click.Ip, click.UserAgent, click.OccurredAt), click.Choice);
    }
}
