using System.Data;
using Dapper;
using Npgsql;

namespace Shortener.Api.Stats;

/// <summary>
/// Where the rollup stands. daily_stats holds exactly the clicks below <see cref="Watermark"/>; answers add the clicks
/// at or above it, read raw. Days from <see cref="VisitorsFrom"/> on have their visitor sets in rollup_visitors, so a
/// raw click there is known to bring a new visitor or not; with none (before the first run) everything is read raw.
/// </summary>
internal sealed record RollupPosition(string Watermark, DateOnly? VisitorsFrom)
{
    /// <summary>
    /// A transaction whose one snapshot covers the position, the rows and the raw clicks: a rollup committing in
    /// between can then neither hide a click nor count it twice.
    /// </summary>
    public static async Task<(NpgsqlTransaction Snapshot, RollupPosition Position)> BeginAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var (watermark, visitorsFrom) = await conn.QuerySingleAsync<(string, DateOnly?)>(new CommandDefinition(
            "SELECT watermark::text, visitors_from FROM rollup_state WHERE name = 'daily_stats'", transaction: tx, cancellationToken: ct));
        return (tx, new RollupPosition(watermark, visitorsFrom));
    }

    /// <summary>
    /// Finds the raw clicks above the watermark through clicks_link_time_idx, from the earliest of them on (normally the
    /// last half minute). An index range scan is always right for this; the planner cannot see that a busy link's
    /// recent clicks are few (link and time are correlated) and once chose a full scan of the table (BENCHMARKS.md).
    /// </summary>
    public const string FreshClicksFilter = """
        c.link_id = ANY(@linkIds) AND c.ingest_xid >= @Watermark::xid8
        AND c.occurred_at >= greatest(@from, coalesce(
            (SELECT min(first_occurred) FROM click_batches WHERE ingest_xid >= @Watermark::xid8), 'infinity'))
        """;

    public static Task IndexScansOnlyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("SET LOCAL enable_seqscan = off", transaction: tx, cancellationToken: ct));

    /// <summary>The first instant of a UTC day, as a timestamptz parameter.</summary>
    public static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
