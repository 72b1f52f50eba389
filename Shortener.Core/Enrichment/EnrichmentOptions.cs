using System.ComponentModel.DataAnnotations;

namespace Shortener.Core.Enrichment;

public sealed class EnrichmentOptions
{
    public const string SectionName = "Enrichment";

    /// <summary>The secret the daily visitor-hash keys derive from (env Enrichment__VisitorSecret); the AppHost generates one.</summary>
    [Required(ErrorMessage = "Enrichment:VisitorSecret (env Enrichment__VisitorSecret) must be set."), MinLength(16)]
    public string VisitorSecret { get; set; } = "";

    /// <summary>A GeoLite2/GeoIP2 Country .mmdb to use instead of the bundled DB-IP Lite database.</summary>
    public string? GeoDatabasePath { get; set; }

    /// <summary>Distinct user agents whose parse results are cached.</summary>
    [Range(0, 1_000_000)]
    public int UserAgentCacheSize { get; set; } = 10_000;
}
