using Dapper;
using Npgsql;

namespace Shortener.Core.Links;

/// <summary>Reads a live (not deleted) link's redirect target from PostgreSQL: the last level behind both caches.</summary>
public sealed class LinkTargetReader(NpgsqlDataSource db)
{
    public async Task<LinkTarget?> FindAsync(string slug, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition("""
            SELECT id AS Id, original_url AS Url, expires_at AS ExpiresAt, max_clicks AS MaxClicks,
                   password_hash IS NOT NULL AS PasswordProtected
            FROM links WHERE slug = @slug AND NOT is_deleted
            """, new { slug }, cancellationToken: ct));
        return row is null ? null : new LinkTarget(row.Id, row.Url, row.ExpiresAt, row.MaxClicks, row.PasswordProtected);
    }

    private sealed record Row
    {
        public long Id { get; init; }
        public string Url { get; init; } = "";
        public DateTimeOffset? ExpiresAt { get; init; }
        public long? MaxClicks { get; init; }
        public bool PasswordProtected { get; init; }
    }
}
