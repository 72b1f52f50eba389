using Dapper;
using Npgsql;

namespace Shortener.Api.Stats;

public sealed record DayClicks(DateOnly Day, long Clicks);

public sealed record SimpleStats(long Total, IReadOnlyList<DayClicks> ByDay);

/// <summary>Click counts read from the clicks table.</summary>
public sealed class StatsStore(NpgsqlDataSource db, TimeProvider time)
{
    /// <summary>All-time total and the last <paramref name="days"/> UTC days that had clicks, newest first.</summary>
    public async Task<SimpleStats> SimpleAsync(long linkId, int days, CancellationToken ct)
    {
        var since = time.GetUtcNow().UtcDateTime.Date.AddDays(-(days - 1));
        await using var conn = await db.OpenConnectionAsync(ct);
        var total = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM clicks WHERE link_id = @linkId", new { linkId }, cancellationToken: ct));
        var byDay = await conn.QueryAsync<(DateTime Day, long Clicks)>(new CommandDefinition("""
            SELECT (occurred_at AT TIME ZONE 'UTC')::date AS day, count(*) AS clicks
            FROM clicks
            WHERE link_id = @linkId AND occurred_at >= @since
            GROUP BY 1
            ORDER BY 1 DESC
            """, new { linkId, since = new DateTimeOffset(since, TimeSpan.Zero) }, cancellationToken: ct));
        return new SimpleStats(total, byDay.Select(d => new DayClicks(DateOnly.FromDateTime(d.Day), d.Clicks)).ToList());
    }
}
