using Dapper;
using Npgsql;
using Shortener.Core;

namespace Shortener.Analytics.Services;

public sealed record DayCount(DateOnly Day, long Links);

/// <summary>Links created per UTC day. Recording is keyed by link id, so repeated or concurrent deliveries count once.</summary>
public sealed class LinkCreationCounter(NpgsqlDataSource db, TimeProvider time)
{
    public async Task RecordAsync(LinkCreated created, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO link_creations (link_id, created_on) VALUES (@Id, @day)
            ON CONFLICT (link_id) DO NOTHING
            """, new { created.Id, day = DateOnly.FromDateTime(created.CreatedAt.UtcDateTime) }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<DayCount>> LastDaysAsync(int days, CancellationToken ct)
    {
        var since = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-(days - 1));
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<(DateTime Day, long Links)>(new CommandDefinition("""
            SELECT created_on AS day, count(*) AS links FROM link_creations
            WHERE created_on >= @since GROUP BY created_on ORDER BY created_on DESC
            """, new { since }, cancellationToken: ct));
        return rows.Select(r => new DayCount(DateOnly.FromDateTime(r.Day), r.Links)).ToList();
    }
}
