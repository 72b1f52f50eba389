using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Shortener.Core.Stats;

public sealed record RollupResult(int DaysRecomputed, int LinksUpdated);

/// <summary>
/// Maintains daily_stats and links.total_clicks. Each run takes the clicks ingested since the watermark, recomputes
/// the whole (link, UTC day) rows they touch from the clicks below the new watermark and upserts them, so a run is
/// idempotent, a late click for an old day is folded in by recomputing that day, and two instances at once (serialised
/// by an advisory transaction lock) give the same numbers as one. daily_stats thus holds exactly the clicks below the
/// watermark, and the stats API adds the ones above it (see the 0006 migration); for that it also keeps the visitor
/// hashes of yesterday and today in rollup_visitors.
/// </summary>
public sealed class DailyRollup(NpgsqlDataSource db, ILogger<DailyRollup> logger)
{
    private const long LockKey = 0x5_4807_D417; // arbitrary, fixed: "shortener daily rollup"

    // The horizon is read once and reused: every transaction with an xid below it has finished, so no click below it
    // can still appear, while clicks at or above it wait for the next run.
    // Visitor sets are kept from yesterday on (UTC, by the database's clock, as last_run_at is).
    private const string WindowSql = """
        SELECT watermark::text AS Watermark, pg_snapshot_xmin(pg_current_snapshot())::text AS Horizon,
               visitors_from IS NULL AS Backfill, (now() AT TIME ZONE 'UTC')::date - 1 AS VisitorsFrom
        FROM rollup_state WHERE name = 'daily_stats'
        """;

    private const string TouchedSinceSql = $"""
        CREATE TEMP TABLE rollup_touched ON COMMIT DROP AS
        SELECT DISTINCT link_id, {DailyAggregation.DayOf} AS date
        FROM clicks WHERE ingest_xid >= @Watermark::xid8 AND ingest_xid < @Horizon::xid8
        """;

    // The first run keeps visitor sets: every (link, day) from visitorsFrom on needs its set, touched or not.
    private const string TouchedRecentSql = $"""
        INSERT INTO rollup_touched (link_id, date)
        SELECT DISTINCT link_id, {DailyAggregation.DayOf} FROM clicks c
        WHERE occurred_at >= @VisitorsFrom::date::timestamp AT TIME ZONE 'UTC' AND ingest_xid < @Horizon::xid8
          AND NOT EXISTS (SELECT 1 FROM rollup_touched t WHERE t.link_id = c.link_id AND t.date = {DailyAggregation.DayOf})
        """;

    private const string TouchedLinkSql = $"""
        CREATE TEMP TABLE rollup_touched ON COMMIT DROP AS
        SELECT DISTINCT link_id, {DailyAggregation.DayOf} AS date FROM clicks WHERE link_id = @linkId
        """;

    // Visitors of clicks below the old watermark are in rollup_visitors already (their days were recent then too),
    // so only the new clicks' visitors are added, unless the sets are being started (@allVisitors).
    private const string RecomputeSql = $"""
        WITH picked AS MATERIALIZED (
            SELECT c.link_id, t.date, c.is_bot, c.country, c.referrer_host, c.device_type, c.browser, c.os, c.visitor_hash,
                   c.ingest_xid, {DailyAggregation.ChoiceColumns}
            FROM rollup_touched t
            JOIN clicks c ON c.link_id = t.link_id
                AND c.occurred_at >= t.date::timestamp AT TIME ZONE 'UTC'
                AND c.occurred_at < (t.date + 1)::timestamp AT TIME ZONE 'UTC'
                AND c.ingest_xid < @Horizon::xid8
        ),
        visitors AS (
            INSERT INTO rollup_visitors (link_id, date, is_bot, visitor_hash)
            SELECT DISTINCT link_id, date, is_bot, visitor_hash FROM picked
            WHERE visitor_hash IS NOT NULL AND date >= @VisitorsFrom::date AND (@allVisitors OR ingest_xid >= @Watermark::xid8)
            ON CONFLICT DO NOTHING
        ),
        {DailyAggregation.Ctes}
        INSERT INTO daily_stats (link_id, date, is_bot, clicks, unique_visitors, countries, referers, devices, browsers, os,
                                 {DailyAggregation.ChoiceBreakdowns})
        SELECT link_id, date, is_bot, clicks, unique_visitors, countries, referers, devices, browsers, os,
               {DailyAggregation.ChoiceBreakdowns} FROM daily
        ON CONFLICT (link_id, date, is_bot) DO UPDATE SET
            clicks = excluded.clicks, unique_visitors = excluded.unique_visitors, countries = excluded.countries,
            referers = excluded.referers, devices = excluded.devices, browsers = excluded.browsers, os = excluded.os,
            rules = excluded.rules, variants = excluded.variants, utm_sources = excluded.utm_sources,
            utm_mediums = excluded.utm_mediums, utm_campaigns = excluded.utm_campaigns
        """;

    // Bots included: total_clicks counts every redirect that was stored, as GET /links/{slug} reports it.
    private const string TotalsSql = """
        UPDATE links l SET total_clicks = s.total
        FROM (SELECT link_id, sum(clicks)::bigint AS total FROM daily_stats
              WHERE link_id IN (SELECT link_id FROM rollup_touched) GROUP BY link_id) s
        WHERE l.id = s.link_id AND l.total_clicks <> s.total
        """;

    private const string AdvanceSql = """
        UPDATE rollup_state SET watermark = greatest(watermark, @Horizon::xid8), last_run_at = now(),
                                visitors_from = greatest(visitors_from, @VisitorsFrom::date)
        WHERE name = 'daily_stats';
        DELETE FROM rollup_visitors WHERE date < @VisitorsFrom::date;
        DELETE FROM click_batches WHERE ingest_xid < @Horizon::xid8;
        """;

    private const string CurrentSql = """
        SELECT watermark::text AS Watermark, watermark::text AS Horizon, false AS Backfill,
               coalesce(visitors_from, '9999-12-31'::date) AS VisitorsFrom
        FROM rollup_state WHERE name = 'daily_stats'
        """;

    // A backlog (the first run over an existing table, a bulk import) can take minutes; Npgsql's 30 s default would
    // fail that run every time and the rollup would never catch up. Stopping is the cancellation token's job.
    private const int Unbounded = 0;

    /// <summary>Folds in every click ingested since the last run.</summary>
    public async Task<RollupResult> RunAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await LockAsync(conn, tx, ct);
        var window = await conn.QuerySingleAsync<RollupWindow>(new CommandDefinition(WindowSql, transaction: tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(TouchedSinceSql, window, tx, commandTimeout: Unbounded, cancellationToken: ct));
        if (window.Backfill)
            await conn.ExecuteAsync(new CommandDefinition(TouchedRecentSql, window, tx, commandTimeout: Unbounded, cancellationToken: ct));
        var result = await RecomputeAsync(conn, tx, window, allVisitors: window.Backfill, ct);
        await conn.ExecuteAsync(new CommandDefinition(AdvanceSql, window, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        if (result.DaysRecomputed > 0)
            logger.LogInformation("Rolled up {Days} link-days, {Links} link totals changed, watermark {Horizon}", result.DaysRecomputed, result.LinksUpdated, window.Horizon);
        return result;
    }

    /// <summary>Recomputes every day of one link from its clicks below the watermark, leaving it alone (repairs; tests).</summary>
    public async Task<RollupResult> RebuildLinkAsync(long linkId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await LockAsync(conn, tx, ct);
        var current = await conn.QuerySingleAsync<RollupWindow>(new CommandDefinition(CurrentSql, transaction: tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(TouchedLinkSql, new { linkId }, tx, commandTimeout: Unbounded, cancellationToken: ct));
        var result = await RecomputeAsync(conn, tx, current, allVisitors: true, ct);
        await tx.CommitAsync(ct);
        return result;
    }

    private static Task LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@LockKey)", new { LockKey }, tx, cancellationToken: ct));

    private static async Task<RollupResult> RecomputeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, RollupWindow window,
        bool allVisitors, CancellationToken ct)
    {
        var days = await conn.ExecuteScalarAsync<int>(new CommandDefinition("SELECT count(*) FROM rollup_touched", transaction: tx, cancellationToken: ct));
        if (days == 0) return new RollupResult(0, 0);
        // A temp table has no statistics until analysed; without them the join below may be planned for one row. JIT
        // compiling this one-off statement can cost seconds, more than a large run saves by it.
        await conn.ExecuteAsync(new CommandDefinition("ANALYZE rollup_touched; SET LOCAL jit = off", transaction: tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(RecomputeSql,
            new { window.Watermark, window.Horizon, window.VisitorsFrom, allVisitors }, tx, commandTimeout: Unbounded, cancellationToken: ct));
        var links = await conn.ExecuteAsync(new CommandDefinition(TotalsSql, transaction: tx, commandTimeout: Unbounded, cancellationToken: ct));
        return new RollupResult(days, links);
    }

    /// <summary>The clicks a run folds in, [Watermark, Horizon), and where visitor sets start.</summary>
    private sealed record RollupWindow(string Watermark, string Horizon, bool Backfill, DateOnly VisitorsFrom);
}
