using Dapper;
using Npgsql;

namespace Shortener.Api.Stats;

public sealed record DayClicks(DateOnly Day, long Clicks);

public sealed record SimpleStats(long Total, IReadOnlyList<DayClicks> ByDay);

/// <summary>
/// The tutorial-shaped counts, from daily_stats for closed days plus raw clicks for the open ones (see RollupBoundary).
/// Every stored click counts, bots included, as links.total_clicks does.
/// </summary>
public sealed class StatsStore(NpgsqlDataSource db, TimeProvider time)
{
    private const string TotalSql = """
        SELECT (SELECT coalesce(sum(clicks), 0) FROM daily_stats WHERE link_id = @linkId AND date < @openFrom::date)
             + (SELECT count(*) FROM clicks WHERE link_id = @linkId AND occurred_at >= @openFromTime)
        """;

    private const string ByDaySql = """
        SELECT date AS day, sum(clicks)::bigint AS clicks FROM daily_stats
        WHERE link_id = @linkId AND date >= @since::date AND date < @openFrom::date
        GROUP BY date
        UNION ALL
        SELECT (occurred_at AT TIME ZONE 'UTC')::date, count(*) FROM clicks
        WHERE link_id = @linkId AND occurred_at >= greatest(@sinceTime, @openFromTime)
        GROUP BY 1
        ORDER BY 1 DESC
        """;

    /// <summary>All-time total and the last <paramref name="days"/> UTC days that had clicks, newest first.</summary>
    public async Task<SimpleStats> SimpleAsync(long linkId, int days, CancellationToken ct)
    {
        var since = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-(days - 1));
        await using var conn = await db.OpenConnectionAsync(ct);
        var openFrom = await RollupBoundary.OpenFromAsync(conn, ct);
        var args = new
        {
            linkId,
            since = since.ToDateTime(TimeOnly.MinValue), sinceTime = RollupBoundary.StartOf(since),
            openFrom = openFrom.ToDateTime(TimeOnly.MinValue), openFromTime = RollupBoundary.StartOf(openFrom),
        };
        var total = await conn.ExecuteScalarAsync<long>(new CommandDefinition(TotalSql, args, cancellationToken: ct));
        var byDay = await conn.QueryAsync<(DateTime Day, long Clicks)>(new CommandDefinition(ByDaySql, args, cancellationToken: ct));
        return new SimpleStats(total, byDay.Select(d => new DayClicks(DateOnly.FromDateTime(d.Day), d.Clicks)).ToList());
    }
}
