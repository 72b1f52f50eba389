using Dapper;
using Npgsql;
using Shortener.Core.Stats;

namespace Shortener.Api.Stats;

/// <summary>
/// Reads a link's statistics: closed days from daily_stats (one row per day, or two with bots), the still-open days
/// aggregated from raw clicks into rows of the same shape, so an answer over years reads a few hundred rows.
/// </summary>
public sealed class LinkStatsStore(NpgsqlDataSource db)
{
    private const string RollupSql = $"""
        SELECT {DailyRow.Columns} FROM daily_stats
        WHERE link_id = @linkId AND date >= @start::date AND date <= @end::date AND (@includeBots OR NOT is_bot)
        """;

    private const string RawSql = $"""
        WITH picked AS (
            SELECT link_id, {DailyAggregation.DayOf} AS date, is_bot, country, referrer_host, device_type, browser, os, visitor_hash
            FROM clicks
            WHERE link_id = @linkId AND occurred_at >= @from AND occurred_at < @to AND (@includeBots OR NOT is_bot)
        ),
        {DailyAggregation.Ctes}
        SELECT {DailyRow.Columns} FROM daily
        """;

    public async Task<LinkStats> ReadAsync(string slug, long linkId, StatsQuery query, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var openFrom = await RollupBoundary.OpenFromAsync(conn, ct);
        var rows = new List<DailyRow>();

        var rollupRows = 0;
        // Before the first rollup openFrom is DateOnly.MinValue and every day is read raw.
        if (query.Start < openFrom)
        {
            var rollupEnd = query.End < openFrom ? query.End : openFrom.AddDays(-1);
            var rolled = await conn.QueryAsync<DailyRow>(new CommandDefinition(RollupSql, new
            {
                linkId, start = query.Start.ToDateTime(TimeOnly.MinValue), end = rollupEnd.ToDateTime(TimeOnly.MinValue), query.IncludeBots,
            }, cancellationToken: ct));
            rows.AddRange(rolled);
            rollupRows = rows.Count;
        }

        var rawStart = query.Start > openFrom ? query.Start : openFrom;
        long rawClicks = 0;
        if (rawStart <= query.End)
        {
            // The open interval is a few days of one link: an index range scan is always right. The planner cannot see
            // that a busy link's share of today is small (link and time are correlated) and, at 10 million clicks,
            // chose a sequential scan of the whole table (2.2 s instead of ~0.1 s, BENCHMARKS.md).
            await using var tx = await conn.BeginTransactionAsync(ct);
            await conn.ExecuteAsync(new CommandDefinition("SET LOCAL enable_seqscan = off", transaction: tx, cancellationToken: ct));
            var raw = (await conn.QueryAsync<DailyRow>(new CommandDefinition(RawSql, new
            {
                linkId, from = RollupBoundary.StartOf(rawStart), to = RollupBoundary.StartOf(query.End.AddDays(1)), query.IncludeBots,
            }, tx, cancellationToken: ct))).AsList();
            await tx.CommitAsync(ct);
            rawClicks = raw.Sum(r => r.Clicks);
            rows.AddRange(raw);
        }

        var source = new StatsSource(rollupRows, rawClicks, rawStart <= query.End ? rawStart : null);
        return LinkStatsBuilder.Build(slug, query, rows, source);
    }
}
