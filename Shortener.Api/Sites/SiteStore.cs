using Dapper;
using Npgsql;

namespace Shortener.Api.Sites;

public sealed record SiteRow(string SiteId, string? Name, long? OwnerId, DateTimeOffset CreatedAt);

/// <summary>The sites table: registration, lookups, listing, removal.</summary>
public sealed class SiteStore(NpgsqlDataSource db, TimeProvider time)
{
    private const string Columns = "site_id AS SiteId, name AS Name, owner_id AS OwnerId, created_at AS CreatedAt";

    /// <summary>Null when the id is taken.</summary>
    public async Task<SiteRow?> CreateAsync(string siteId, string? name, long? ownerId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<SiteRow>(new CommandDefinition($"""
            INSERT INTO sites (site_id, name, owner_id, created_at) VALUES (@siteId, @name, @ownerId, @now)
            ON CONFLICT (site_id) DO NOTHING RETURNING {Columns}
            """, new { siteId, name, ownerId, now = time.GetUtcNow() }, cancellationToken: ct));
    }

    public async Task<SiteRow?> FindAsync(string siteId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<SiteRow>(new CommandDefinition(
            $"SELECT {Columns} FROM sites WHERE site_id = @siteId", new { siteId }, cancellationToken: ct));
    }

    /// <summary>The caller's sites (an admin's: everyone's), by id.</summary>
    public async Task<IReadOnlyList<SiteRow>> ListAsync(long? ownerId, bool admin, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<SiteRow>(new CommandDefinition(
            $"SELECT {Columns} FROM sites WHERE @admin OR owner_id = @ownerId ORDER BY site_id", new { ownerId, admin }, cancellationToken: ct))).AsList();
    }

    public async Task<IReadOnlyList<string>> AllIdsAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<string>(new CommandDefinition("SELECT site_id FROM sites", cancellationToken: ct))).AsList();
    }

    /// <summary>
    /// Removes the site with its events and rollups, in one transaction, so an id registered again later starts from
    /// nothing. Events still on their way are stored, and show if the id is registered again.
    /// </summary>
    public async Task DeleteAsync(string siteId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            DELETE FROM sites WHERE site_id = @siteId;
            DELETE FROM events WHERE site_id = @siteId;
            DELETE FROM site_daily_stats WHERE site_id = @siteId;
            DELETE FROM site_daily_types WHERE site_id = @siteId;
            DELETE FROM site_daily_paths WHERE site_id = @siteId;
            """, new { siteId }, tx, commandTimeout: 0, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }
}
