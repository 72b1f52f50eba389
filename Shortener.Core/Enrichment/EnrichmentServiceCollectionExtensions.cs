using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Shortener.Core.Enrichment.Geo;
using Shortener.Core.Enrichment.UserAgents;
using Shortener.Core.Enrichment.Visitors;
using Shortener.Core.Links.Routing;

namespace Shortener.Core.Enrichment;

public static class EnrichmentServiceCollectionExtensions
{
    /// <summary>
    /// The country lookup, user-agent analyzer and visitor hasher, from Enrichment:* (validated at start). Each is made
    /// when first asked for: the worker enriches every click, the api only redirects of links with rules or variants.
    /// </summary>
    public static IServiceCollection AddEnrichment(this IServiceCollection services)
    {
        services.AddOptions<EnrichmentOptions>().BindConfiguration(EnrichmentOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => CountryLookup.Open(sp.GetRequiredService<IOptions<EnrichmentOptions>>().Value.GeoDatabasePath));
        services.AddSingleton(sp => new UserAgentAnalyzer(new UserAgentAnalyzerOptions
        {
            CacheCapacity = sp.GetRequiredService<IOptions<EnrichmentOptions>>().Value.UserAgentCacheSize,
        }));
        services.AddSingleton(sp => new VisitorHasher(sp.GetRequiredService<IOptions<EnrichmentOptions>>().Value.VisitorSecret));
        services.AddSingleton<VisitorServices>();
        return services;
    }
}
