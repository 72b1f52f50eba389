using Dapper;
using Npgsql;
using Shortener.Core.Slugs;

namespace Shortener.Api.Links;

/// <summary>The links table: creation with a Sqids slug of the new id, and lookups.</summary>
public sealed class LinkStore(NpgsqlDataSource db, SlugCodec slugs, TimeProvider time)
{
    private const string Columns = """
        id AS Id, slug AS Slug, original_url AS OriginalUrl, owner_id AS OwnerId, created_at AS CreatedAt, updated_at AS UpdatedAt,
        is_deleted AS IsDeleted, expires_at AS ExpiresAt, max_clicks AS MaxClicks, password_hash AS PasswordHash, total_clicks AS TotalClicks
        """;

    public async Task<LinkRow> CreateAsync(string url, long? ownerId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var now = time.GetUtcNow();
        while (true)
        {
            // The slug is the id's encoding, so take the id first; an id whose slug a custom link already holds is skipped.
            var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition("SELECT nextval('links_id_seq')", cancellationToken: ct));
            var row = await conn.QuerySingleOrDefaultAsync<LinkRow>(new CommandDefinition($"""
                INSERT INTO links (id, slug, original_url, owner_id, created_at, updated_at)
                VALUES (@id, @slug, @url, @ownerId, @now, @now)
                ON CONFLICT (slug) DO NOTHING
                RETURNING {Columns}
                """, new { id, slug = slugs.Encode(id), url, ownerId, now }, cancellationToken: ct));
            if (row is not null) return row;
        }
    }

    public async Task<LinkRow?> FindAsync(string slug, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<LinkRow>(new CommandDefinition(
            $"SELECT {Columns} FROM links WHERE slug = @slug AND NOT is_deleted", new { slug }, cancellationToken: ct));
    }
}
