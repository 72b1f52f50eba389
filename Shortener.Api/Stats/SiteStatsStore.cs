using System.Data;
using Dapper;
using Npgsql;
using Shortener.Core.Stats;

namespace Shortener.Api.Stats;

/// <summary>
/// Reads a site's statistics: the rollups (one row per day, plus its event types and paths), which hold every event
/// below the site rollup's watermark, and, for the days that had events since (normally today), those whole days
/// aggregated from raw events instead, so an answer over a year reads a few hundred rows and still counts the event
/// stored a moment ago. Everything comes from one snapshot, so a rollup committing meanwhile neither hides an event
/// nor counts it twice.
/// </summary>
public sealed class SiteStatsStore(NpgsqlDataSource db)
{
    // The days holding events at or above the watermark, found through events_site_time_idx from the earliest of them on.
    private const string FreshDaysSql = $"""
        SELECT DISTINCT {SiteAggregation.DayOf} FROM events e
        WHERE e.site_id = @siteId AND e.ingest_xid >= @watermark::xid8 AND e.occurred_at < @to
          AND e.occurred_at >= greatest(@from, coalesce(
              (SELECT min(first_occurred) FROM event_batches WHERE ingest_xid >= @watermark::xid8), 'infinity'))
        """;

    private const string RolledDaysSql = """
        SELECT date AS Date, views AS Views, unique_users AS UniqueUsers FROM site_daily_stats
        WHERE site_id = @siteId AND date >= @start::date AND date <= @end::date AND @type::text IS NULL AND NOT date = ANY(@raw::date[])
        UNION ALL
        SELECT date, views, unique_users FROM site_daily_types
        WHERE site_id = @siteId AND date >= @start::date AND date <= @end::date AND event_type = @type AND NOT date = ANY(@raw::date[])
        """;

    private const string RolledPathsSql = """
        SELECT path AS Key, sum(views)::bigint AS Views FROM site_daily_paths
        WHERE site_id = @siteId AND date >= @start::date AND date <= @end::date AND (@type::text IS NULL OR event_type = @type)
          AND NOT date = ANY(@raw::date[])
        GROUP BY path
        """;

    private const string RolledTypesSql = """
        SELECT event_type AS Key, sum(views)::bigint AS Views FROM site_daily_types
        WHERE site_id = @siteId AND date >= @start::date AND date <= @end::date AND (@type::text IS NULL OR event_type = @type)
          AND NOT date = ANY(@raw::date[])
        GROUP BY event_type
        """;

    private const string RawSql = $"""
        WITH picked AS MATERIALIZED (
            SELECT site_id, {SiteAggregation.DayOf} AS date, event_type, path, user_key FROM events
            WHERE site_id = @siteId AND occurred_at >= @from AND occurred_at < @to AND (@type::text IS NULL OR event_type = @type)
              AND {SiteAggregation.DayOf} = ANY(@raw::date[])
        ),
        days AS ({SiteAggregation.Days}),
        types AS ({SiteAggregation.Types}),
        paths AS ({SiteAggregation.Paths})
        SELECT 'd' AS Kind, date AS Date, NULL AS Key, views AS Views, unique_users AS UniqueUsers FROM days
        UNION ALL SELECT 't', NULL, event_type, sum(views)::bigint, 0 FROM types GROUP BY event_type
        UNION ALL SELECT 'p', NULL, path, sum(views)::bigint, 0 FROM paths GROUP BY path
        """;

    public async Task<SiteStats> ReadAsync(SiteStatsQuery query, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await RollupPosition.IndexScansOnlyAsync(conn, tx, ct);
        var watermark = await conn.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT watermark::text FROM rollup_state WHERE name = 'site_stats'", transaction: tx, cancellationToken: ct));
        var range = new
        {
            siteId = query.SiteId, type = query.EventType, watermark,
            start = query.Start.ToDateTime(TimeOnly.MinValue), end = query.End.ToDateTime(TimeOnly.MinValue),
            from = RollupPosition.StartOf(query.Start), to = RollupPosition.StartOf(query.End.AddDays(1)),
        };
        var rawDays = (await conn.QueryAsync<DateTime>(new CommandDefinition(FreshDaysSql, range, tx, cancellationToken: ct)))
            .Select(DateOnly.FromDateTime).Order().ToArray();
        var args = new DynamicParameters(range);
        args.Add("raw", rawDays.Select(d => d.ToDateTime(TimeOnly.MinValue)).ToArray());
        var days = (await conn.QueryAsync<DayRow>(new CommandDefinition(RolledDaysSql, args, tx, cancellationToken: ct))).AsList();
        var paths = (await conn.QueryAsync<KeyViews>(new CommandDefinition(RolledPathsSql, args, tx, cancellationToken: ct))).AsList();
        var types = (await conn.QueryAsync<KeyViews>(new CommandDefinition(RolledTypesSql, args, tx, cancellationToken: ct))).AsList();
        var rolledDays = days.Count;
        long rawEvents = 0;
        if (rawDays.Length > 0)
        {
            var rawArgs = new DynamicParameters(new
            {
                siteId = query.SiteId, type = query.EventType,
                from = RollupPosition.StartOf(rawDays[0]), to = RollupPosition.StartOf(rawDays[^1].AddDays(1)),
            });
            rawArgs.Add("raw", rawDays.Select(d => d.ToDateTime(TimeOnly.MinValue)).ToArray());
            foreach (var row in await conn.QueryAsync<RawRow>(new CommandDefinition(RawSql, rawArgs, tx, cancellationToken: ct)))
            {
                switch (row.Kind)
                {
                    case "d":
                        days.Add(new DayRow { Date = row.Date!.Value, Views = row.Views, UniqueUsers = row.UniqueUsers });
                        rawEvents += row.Views;
                        break;
                    case "t": types.Add(new KeyViews { Key = row.Key!, Views = row.Views }); break;
                    default: paths.Add(new KeyViews { Key = row.Key!, Views = row.Views }); break;
                }
            }
        }
        await tx.CommitAsync(ct);
        return Build(query, days, paths, types, new SiteStatsSource(rolledDays, rawEvents));
    }

    private static SiteStats Build(SiteStatsQuery query, List<DayRow> days, List<KeyViews> paths, List<KeyViews> types, SiteStatsSource source)
    {
        var byDay = days.GroupBy(d => DateOnly.FromDateTime(d.Date)).ToDictionary(g => g.Key, g => (Views: g.Sum(d => d.Views), Users: g.Sum(d => d.UniqueUsers)));
        // A range lists each of its days, zeros included; all days lists those from the first with events to the last.
        var (first, last) = query.AllDays
            ? byDay.Count == 0 ? (DateOnly.MaxValue, DateOnly.MinValue) : (byDay.Keys.Min(), byDay.Keys.Max())
            : (query.Start, query.End);
        var daily = new List<SiteDay>();
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var (views, users) = byDay.GetValueOrDefault(day);
            daily.Add(new SiteDay(day, views, users));
        }
        var topPaths = paths.GroupBy(p => p.Key, StringComparer.Ordinal).Select(g => new PathViews(g.Key, g.Sum(p => p.Views)))
            .OrderByDescending(p => p.Views).ThenBy(p => p.Path, StringComparer.Ordinal).Take(query.Top).ToList();
        var eventTypes = types.GroupBy(t => t.Key, StringComparer.Ordinal).Select(g => new EventTypeCount(g.Key, g.Sum(t => t.Views)))
            .OrderByDescending(t => t.Count).ThenBy(t => t.EventType, StringComparer.Ordinal).ToList();
        return new SiteStats(query.SiteId, query.Date, query.AllDays ? null : query.Start, query.AllDays ? null : query.End, query.EventType,
            daily.Sum(d => d.Views), daily.Sum(d => d.UniqueUsers), topPaths, daily, eventTypes, source);
    }

    // Init properties, not positional records: Dapper matches a constructor only on exact column types.
    private sealed record DayRow
    {
        public DateTime Date { get; init; }
        public long Views { get; init; }
        public long UniqueUsers { get; init; }
    }

    private sealed record KeyViews
    {
        public string Key { get; init; } = "";
        public long Views { get; init; }
    }

    private sealed record RawRow
    {
        public string Kind { get; init; } = "";
        public DateTime? Date { get; init; }
        public string? Key { get; init; }
        public long Views { get; init; }
        public long UniqueUsers { get; init; }
    }
}
