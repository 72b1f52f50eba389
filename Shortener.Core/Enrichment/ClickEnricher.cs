using Shortener.Core.Clicks;
using Shortener.Core.Enrichment.Geo;
using Shortener.Core.Enrichment.Referrers;
using Shortener.Core.Enrichment.UserAgents;
using Shortener.Core.Enrichment.Visitors;

namespace Shortener.Core.Enrichment;

/// <summary>A click as stored: everything derived once, in the worker; the raw IP goes no further than here.</summary>
public sealed record EnrichedClick(Guid EventId, long LinkId, DateTimeOffset OccurredAt, string? Country, string? Referrer,
    string ReferrerHost, string? UserAgent, string Browser, string Os, string DeviceType, bool IsBot, byte[] VisitorHash);

public sealed class ClickEnricher(CountryLookup countries, UserAgentAnalyzer userAgents, VisitorHasher visitors)
{
    public EnrichedClick Enrich(ClickEvent click)
    {
        var agent = userAgents.Analyze(click.UserAgent);
        return new EnrichedClick(click.EventId, click.LinkId, click.OccurredAt, countries.Find(click.Ip), click.Referrer,
            ReferrerHost.Normalise(click.Referrer), click.UserAgent, agent.Browser, agent.Os, agent.Device.ToString().ToLowerInvariant(),
            agent.IsBot, visitors.Hash(click.Ip, click.UserAgent, click.OccurredAt));
    }
}
