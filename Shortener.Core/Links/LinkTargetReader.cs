using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Shortener.Core.Links;

/// <summary>Reads a live (not deleted) link's redirect target from PostgreSQL: the last level behind both caches.</summary>
public sealed class LinkTargetReader(NpgsqlDataSource db, ILogger<LinkTargetReader> logger)
{
    public async Task<LinkTarget?> FindAsync(string slug, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition("""
            SELECT id AS Id, original_url AS Url, expires_at AS ExpiresAt, max_clicks AS MaxClicks,
                   password_hash IS NOT NULL AS PasswordProtected
            FROM links WHERE slug = @slug AND NOT is_deleted
            """, new { slug }, cancellationToken: ct));
        if (row is null) return null;
        // Targets are stored in their ASCII form; one stored before that rule (non-ASCII) is converted here, on a cache
        // fill, never per redirect. One that is no valid target any more is not followed: its owner can PUT a new url.
        if (TargetUrl.AsStored(row.Url) is not { } url)
        {
            logger.LogWarning("Link {Id} has a stored target that cannot be sent ({Why}); it answers 404 until its url is changed",
                row.Id, TargetUrl.Validate(row.Url));
            return null;
        }
        return new LinkTarget(row.Id, url, row.ExpiresAt, row.MaxClicks, row.PasswordProtected);
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
