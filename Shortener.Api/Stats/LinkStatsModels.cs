namespace Shortener.Api.Stats;

/// <param name="Rules">Clicks per matched rule (its index); with "(default)" for the rest while the link has rules.</param>
/// <param name="Variants">Clicks per A/B variant (its index).</param>
public sealed record LinkStats(string Slug, DateOnly Start, DateOnly End, bool IncludeBots, long TotalClicks, long UniqueVisitors,
    IReadOnlyList<DailyPoint> Daily, IReadOnlyList<BreakdownItem> Countries, IReadOnlyList<BreakdownItem> Referers,
    IReadOnlyList<BreakdownItem> Devices, IReadOnlyList<BreakdownItem> Browsers, IReadOnlyList<BreakdownItem> Os,
    IReadOnlyList<BreakdownItem> Rules, IReadOnlyList<BreakdownItem> Variants, IReadOnlyList<BreakdownItem> UtmSource,
    IReadOnlyList<BreakdownItem> UtmMedium, IReadOnlyList<BreakdownItem> UtmCampaign, StatsSource Source)
{
    /// <summary>GET /tags/{tag}/stats only: the tag whose links these are (slug then holds the tag too).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Tag { get; init; }
}

public sealed record DailyPoint(DateOnly Date, long Clicks, long UniqueVisitors);

/// <summary>GET /links/{slug}/stats/hourly: whole UTC hours from <paramref name="From"/> (inclusive) to <paramref name="To"/>.</summary>
public sealed record HourlyStats(string Slug, DateTimeOffset From, DateTimeOffset To, bool IncludeBots, long TotalClicks, long UniqueVisitors,
    IReadOnlyList<HourlyPoint> Hourly, IReadOnlyList<BreakdownItem> Countries, IReadOnlyList<BreakdownItem> Referers,
    IReadOnlyList<BreakdownItem> Devices, IReadOnlyList<BreakdownItem> Browsers, IReadOnlyList<BreakdownItem> Os,
    IReadOnlyList<BreakdownItem> Rules, IReadOnlyList<BreakdownItem> Variants, IReadOnlyList<BreakdownItem> UtmSource,
    IReadOnlyList<BreakdownItem> UtmMedium, IReadOnlyList<BreakdownItem> UtmCampaign);

/// <summary>One UTC hour, named by its start; unique visitors within the hour.</summary>
public sealed record HourlyPoint(DateTimeOffset Hour, long Clicks, long UniqueVisitors);

/// <summary>One value of a breakdown; the values past the top N are summed into one item named "(other)".</summary>
public sealed record BreakdownItem(string Value, long Clicks)
{
    public const string Other = "(other)";

    /// <summary>In the rules breakdown: the clicks that matched no rule and went to the link's url (or a variant).</summary>
    public const string Default = "(default)";
}

/// <summary>
/// What the answer was computed from: daily_stats rows read, and click rows aggregated for the days the rollup had not
/// closed (from <paramref name="RawFrom"/> on). Lets a client, or a test, see that a year of clicks came from rollups.
/// </summary>
public sealed record StatsSource(int RollupRows, long RawClicks, DateOnly? RawFrom);

/// <summary>One daily_stats row, or the same shape computed from raw clicks (init properties for Dapper).</summary>
public sealed record DailyRow
{
    public DateTime Date { get; init; }
    public bool IsBot { get; init; }
    public long Clicks { get; init; }
    public long UniqueVisitors { get; init; }
    public string Countries { get; init; } = "{}";
    public string Referers { get; init; } = "{}";
    public string Devices { get; init; } = "{}";
    public string Browsers { get; init; } = "{}";
    public string Os { get; init; } = "{}";
    public string Rules { get; init; } = "{}";
    public string Variants { get; init; } = "{}";
    public string UtmSources { get; init; } = "{}";
    public string UtmMediums { get; init; } = "{}";
    public string UtmCampaigns { get; init; } = "{}";

    public const string Columns = """
        date AS Date, is_bot AS IsBot, clicks AS Clicks, unique_visitors AS UniqueVisitors, countries::text AS Countries,
        referers::text AS Referers, devices::text AS Devices, browsers::text AS Browsers, os::text AS Os,
        rules::text AS Rules, variants::text AS Variants, utm_sources::text AS UtmSources, utm_mediums::text AS UtmMediums,
        utm_campaigns::text AS UtmCampaigns
        """;
}
