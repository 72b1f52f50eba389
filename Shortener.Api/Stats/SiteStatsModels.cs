namespace Shortener.Api.Stats;

public sealed record PathViews(string Path, long Views);

public sealed record SiteDay(DateOnly Date, long Views, long UniqueUsers);

public sealed record EventTypeCount(string EventType, long Count);

/// <param name="Date">The day asked for, or null for a range (start/end) or all days.</param>
public sealed record SiteStats(string SiteId, DateOnly? Date, DateOnly? Start, DateOnly? End, string? EventType, long TotalViews,
    long UniqueUsers, IReadOnlyList<PathViews> TopPaths, IReadOnlyList<SiteDay> Daily, IReadOnlyList<EventTypeCount> EventTypes,
    SiteStatsSource Source);

/// <param name="RollupDays">Days read from the rollups.</param>
/// <param name="RawEvents">Events aggregated raw: the days that had events since the last rollup run.</param>
public sealed record SiteStatsSource(int RollupDays, long RawEvents);
