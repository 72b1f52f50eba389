using Dapper;
using Npgsql;

namespace Shortener.Api.Stats;

public sealed record DayClicks(DateOnly Day, long Clicks);

public sealed record SimpleStats(long Total, IReadOnlyList<DayClicks> ByDay);

/// <summary>
/// The tutorial-shaped counts: daily_stats plus the clicks above the rollup's watermark (see RollupPosition). Every
/// stored click counts, bots included, as links.total_clicks does.
/// </summary>
public sealed class StatsStore(NpgsqlDataSource db, TimeProvider time)
{
    private const string ByDaySql = $"""
        SELECT day, sum(clicks)::bigint AS clicks FROM (
            SELECT date AS day, clicks FROM daily_stats WHERE link_id = @linkId
            UNION ALL
            SELECT (c.occurred_at AT TIME ZONE 'UTC')::date, 1 FROM clicks c WHERE {RollupPosition.FreshClicksFilter}
        ) d
        GROUP BY day ORDER BY day DESC
        """;

    /// <summary>All-time total and the last <paramref name="days"/> UTC days that had clicks, newest first.</summary>
    public async Task<SimpleStats> SimpleAsync(long linkId, int days, CancellationToken ct)
    {
        var since = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-(days - 1));
        await using var conn = await db.OpenConnectionAsync(ct);
        var (snapshot, position) = await RollupPosition.BeginAsync(conn, ct);
        await using var tx = snapshot;
        await RollupPosition.IndexScansOnlyAsync(conn, tx, ct);
        // Before the first rollup, clicks stored before click_batches existed are above the watermark too: read them all.
        var sql = position.VisitorsFrom is null ? AllRawSql : ByDaySql;
        var byDay = (await conn.QueryAsync<(DateTime Day, long Clicks)>(new CommandDefinition(sql,
            new { linkId, linkIds = new[] { linkId }, position.Watermark, from = RollupPosition.StartOf(DateOnly.MinValue) }, tx, cancellationToken: ct))).AsList();
        await tx.CommitAsync(ct);
        return new SimpleStats(byDay.Sum(d => d.Clicks),
            byDay.Select(d => new DayClicks(DateOnly.FromDateTime(d.Day), d.Clicks)).Where(d => d.Day >= since).ToList());
    }

    private const string AllRawSql = """
        SELECT (occurred_at AT TIME ZONE 'UTC')::date AS day, count(*) AS clicks FROM clicks WHERE link_id = @linkId
        GROUP BY 1 ORDER BY 1 DESC
        """;
}
