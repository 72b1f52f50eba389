using Dapper;
using Npgsql;
using Shortener.Core.Stats;

namespace Shortener.Api.Stats;

/// <summary>
/// Reads a link's statistics: daily_stats rows (one per day, or two with bots), which hold every click below the
/// rollup's watermark, plus rows of the same shape aggregated from the few clicks above it, so an answer over years
/// reads a few hundred rows and still counts the click stored a moment ago.
/// </summary>
public sealed class LinkStatsStore(NpgsqlDataSource db)
{
    private const string RollupSql = $"""
        SELECT {DailyRow.Columns} FROM daily_stats
        WHERE link_id = ANY(@linkIds) AND date >= @start::date AND date <= @end::date AND (@includeBots OR NOT is_bot)
        """;

    // Visitors: a hash already in the day's set (rollup_visitors) was counted in daily_stats; only new ones add up.
    private const string FreshSql = $"""
        WITH picked AS MATERIALIZED (
            SELECT c.link_id, {DailyAggregation.DayOf} AS date, c.is_bot, c.country, c.referrer_host, c.device_type,
                   c.browser, c.os, c.visitor_hash, {DailyAggregation.ChoiceColumns},
                   c.visitor_hash IS NOT NULL AND NOT EXISTS (
                       SELECT 1 FROM rollup_visitors v
                       WHERE v.link_id = c.link_id AND v.date = {DailyAggregation.DayOf} AND v.is_bot = c.is_bot
                         AND v.visitor_hash = c.visitor_hash) AS new_visitor
            FROM clicks c
            WHERE {RollupPosition.FreshClicksFilter} AND c.occurred_at < @to AND (@includeBots OR NOT c.is_bot)
        ),
        totals AS (
            SELECT link_id, date, is_bot, count(*) AS clicks,
                   count(DISTINCT visitor_hash) FILTER (WHERE new_visitor) + count(*) FILTER (WHERE visitor_hash IS NULL) AS unique_visitors
            FROM picked GROUP BY link_id, date, is_bot
        ),
        {DailyAggregation.BreakdownsAndDailyCtes}
        SELECT {DailyRow.Columns} FROM daily
        """;

    // Whole days from raw clicks, for days without a visitor set: before the first rollup, or a late click for a day
    // older than yesterday.
    private const string RawSql = $"""
        WITH picked AS (
            SELECT link_id, {DailyAggregation.DayOf} AS date, is_bot, country, referrer_host, device_type, browser, os, visitor_hash,
                   {DailyAggregation.ChoiceColumns}
            FROM clicks
            WHERE link_id = ANY(@linkIds) AND occurred_at >= @from AND occurred_at < @to AND (@includeBots OR NOT is_bot)
              AND {DailyAggregation.DayOf} = ANY(@days::date[])
        ),
        {DailyAggregation.Ctes}
        SELECT {DailyRow.Columns} FROM daily
        """;

    public Task<LinkStats> ReadAsync(string slug, long linkId, StatsQuery query, CancellationToken ct, bool hasRules = false) =>
        ReadAsync(slug, [linkId], query, hasRules, ct);

    /// <summary>The statistics of several links together (a tag's): their rows summed day by day.</summary>
    public async Task<LinkStats> ReadAsync(string slug, long[] linkIds, StatsQuery query, bool hasRules, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var (snapshot, position) = await RollupPosition.BeginAsync(conn, ct);
        await using var tx = snapshot;
        await RollupPosition.IndexScansOnlyAsync(conn, tx, ct);
        var range = new
        {
            linkIds, start = query.Start.ToDateTime(TimeOnly.MinValue), end = query.End.ToDateTime(TimeOnly.MinValue), query.IncludeBots,
            from = RollupPosition.StartOf(query.Start), to = RollupPosition.StartOf(query.End.AddDays(1)), position.Watermark,
        };

        List<DailyRow> rolled = [], fresh = [];
        var rawDays = new SortedSet<DateOnly>();
        if (position.VisitorsFrom is { } visitorsFrom)
        {
            rolled = (await conn.QueryAsync<DailyRow>(new CommandDefinition(RollupSql, range, tx, cancellationToken: ct))).AsList();
            fresh = (await conn.QueryAsync<DailyRow>(new CommandDefinition(FreshSql, range, tx, cancellationToken: ct))).AsList();
            rawDays.UnionWith(fresh.Select(r => DateOnly.FromDateTime(r.Date)).Where(d => d < visitorsFrom));
        }
        else
        {
            for (var day = query.Start; day <= query.End; day = day.AddDays(1)) rawDays.Add(day);
        }

        var raw = new List<DailyRow>();
        if (rawDays.Count > 0)
        {
            raw = (await conn.QueryAsync<DailyRow>(new CommandDefinition(RawSql, new
            {
                linkIds, query.IncludeBots, from = RollupPosition.StartOf(rawDays.Min), to = RollupPosition.StartOf(rawDays.Max.AddDays(1)),
                days = rawDays.Select(d => d.ToDateTime(TimeOnly.MinValue)).ToArray(),
            }, tx, cancellationToken: ct))).AsList();
        }
        await tx.CommitAsync(ct);

        bool ReadRaw(DailyRow row) => rawDays.Contains(DateOnly.FromDateTime(row.Date));
        var fromRollups = rolled.Where(r => !ReadRaw(r)).ToList();
        var fromClicks = fresh.Where(r => !ReadRaw(r)).Concat(raw).ToList();
        var source = new StatsSource(fromRollups.Count, fromClicks.Sum(r => r.Clicks),
            fromClicks.Count > 0 ? DateOnly.FromDateTime(fromClicks.Min(r => r.Date)) : null);
        return LinkStatsBuilder.Build(slug, query, [.. fromRollups, .. fromClicks], source, hasRules);
    }
}
