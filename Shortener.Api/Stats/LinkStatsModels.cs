namespace Shortener.Api.Stats;

public sealed record LinkStats(string Slug, DateOnly Start, DateOnly End, bool IncludeBots, long TotalClicks, long UniqueVisitors,
    IReadOnlyList<DailyPoint> Daily, IReadOnlyList<BreakdownItem> Countries, IReadOnlyList<BreakdownItem> Referers,
    IReadOnlyList<BreakdownItem> Devices, IReadOnlyList<BreakdownItem> Browsers, IReadOnlyList<BreakdownItem> Os, StatsSource Source);

public sealed record DailyPoint(DateOnly Date, long Clicks, long UniqueVisitors);

/// <summary>GET /links/{slug}/stats/hourly: whole UTC hours from <paramref name="From"/> (inclusive) to <paramref name="To"/>.</summary>
public sealed record HourlyStats(string Slug, DateTimeOffset From, DateTimeOffset To, bool IncludeBots, long TotalClicks, long UniqueVisitors,
    IReadOnlyList<HourlyPoint> Hourly, IReadOnlyList<BreakdownItem> Countries, IReadOnlyList<BreakdownItem> Referers,
    IReadOnlyList<BreakdownItem> Devices, IReadOnlyList<BreakdownItem> Browsers, IReadOnlyList<BreakdownItem> Os);

/// <summary>One UTC hour, named by its start; unique visitors within the hour.</summary>
public sealed record HourlyPoint(DateTimeOffset Hour, long Clicks, long UniqueVisitors);

/// <summary>One value of a breakdown; the values past the top N are summed into one item named "(other)".</summary>
public sealed record BreakdownItem(string Value, long Clicks)
{
    public const string Other = "(other)";
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

    public const string Columns = """
        date AS Date, is_bot AS IsBot, clicks AS Clicks, unique_visitors AS UniqueVisitors, countries::text AS Countries,
        referers::text AS Referers, devices::text AS Devices, browsers::text AS Browsers, os::text AS Os
        """;
}
