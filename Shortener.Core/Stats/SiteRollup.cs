using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Shortener.Core.Stats;

/// <summary>
/// Maintains site_daily_stats, site_daily_types and site_daily_paths as <see cref="DailyRollup"/> maintains
/// daily_stats: each run takes the events ingested since the watermark (a transaction id, see the 0003 migration),
/// recomputes the whole (site, UTC day) rows they touch from the events below the new watermark and replaces them, so a
/// run is idempotent, a late event is folded in by recomputing its day, and two workers at once (an advisory lock makes
/// them take turns) give the same numbers. The rollups then hold exactly the events below the watermark.
/// </summary>
public sealed class SiteRollup(NpgsqlDataSource db, ILogger<SiteRollup> logger)
{
    private const long LockKey = 0x5_17E5_D417; // arbitrary, fixed: "shortener site rollup"

    private const string WindowSql = """
        SELECT watermark::text AS Watermark, pg_snapshot_xmin(pg_current_snapshot())::text AS Horizon
        FROM rollup_state WHERE name = 'site_stats'
        """;

    private const string TouchedSql = $"""
        CREATE TEMP TABLE site_touched ON COMMIT DROP AS
        SELECT DISTINCT site_id, {SiteAggregation.DayOf} AS date
        FROM events WHERE ingest_xid >= @Watermark::xid8 AND ingest_xid < @Horizon::xid8
        """;

    private const string RecomputeSql = $"""
        DELETE FROM site_daily_stats s USING site_touched t WHERE s.site_id = t.site_id AND s.date = t.date;
        DELETE FROM site_daily_types s USING site_touched t WHERE s.site_id = t.site_id AND s.date = t.date;
        DELETE FROM site_daily_paths s USING site_touched t WHERE s.site_id = t.site_id AND s.date = t.date;
        WITH picked AS MATERIALIZED (
            SELECT e.site_id, t.date, e.event_type, e.path, e.user_key
            FROM site_touched t
            JOIN events e ON e.site_id = t.site_id
                AND e.occurred_at >= t.date::timestamp AT TIME ZONE 'UTC'
                AND e.occurred_at < (t.date + 1)::timestamp AT TIME ZONE 'UTC'
                AND e.ingest_xid < @Horizon::xid8
        ),
        days AS (INSERT INTO site_daily_stats (site_id, date, views, unique_users) {SiteAggregation.Days}),
        types AS (INSERT INTO site_daily_types (site_id, date, event_type, views, unique_users) {SiteAggregation.Types})
        INSERT INTO site_daily_paths (site_id, date, event_type, path, views) {SiteAggregation.Paths};
        """;

    private const string AdvanceSql = """
        UPDATE rollup_state SET watermark = greatest(watermark, @Horizon::xid8), last_run_at = now() WHERE name = 'site_stats';
        DELETE FROM event_batches WHERE ingest_xid < @Horizon::xid8;
        """;

    /// <summary>Folds in every event ingested since the last run; returns the (site, day) rows recomputed.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@LockKey)", new { LockKey }, tx, cancellationToken: ct));
        var window = await conn.QuerySingleAsync<Window>(new CommandDefinition(WindowSql, transaction: tx, cancellationToken: ct));
        // A backlog can take minutes (see DailyRollup): no command timeout; stopping is the token's job.
        await conn.ExecuteAsync(new CommandDefinition(TouchedSql, window, tx, commandTimeout: 0, cancellationToken: ct));
        var days = await conn.ExecuteScalarAsync<int>(new CommandDefinition("SELECT count(*) FROM site_touched", transaction: tx, cancellationToken: ct));
        if (days > 0)
        {
            await conn.ExecuteAsync(new CommandDefinition("ANALYZE site_touched; SET LOCAL jit = off", transaction: tx, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition(RecomputeSql, window, tx, commandTimeout: 0, cancellationToken: ct));
        }
        await conn.ExecuteAsync(new CommandDefinition(AdvanceSql, window, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        if (days > 0) logger.LogInformation("Rolled up {Days} site-days, watermark {Horizon}", days, window.Horizon);
        return days;
    }

    private sealed record Window(string Watermark, string Horizon);
}
