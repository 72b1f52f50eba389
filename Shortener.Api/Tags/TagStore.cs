using Dapper;
using Npgsql;

namespace Shortener.Api.Tags;

/// <summary>A tag with how many of the caller's links carry it and their clicks (links.total_clicks, kept by the rollup; bots included).</summary>
public sealed record TagSummary(string Tag, long Links, long Clicks);

public sealed record TagList(IReadOnlyList<TagSummary> Items);

/// <summary>Tags live on the links (links.tags, text[] with a GIN index): listing them is a GROUP BY over the caller's links.</summary>
public sealed class TagStore(NpgsqlDataSource db)
{
    private const string OwnerFilter = "NOT is_deleted AND (@all OR owner_id IS NOT DISTINCT FROM @ownerId)";

    public async Task<IReadOnlyList<TagSummary>> ListAsync(long? ownerId, bool all, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<TagSummary>(new CommandDefinition($"""
            SELECT t AS Tag, count(*) AS Links, coalesce(sum(total_clicks), 0)::bigint AS Clicks
            FROM links CROSS JOIN LATERAL unnest(tags) AS t
            WHERE {OwnerFilter}
            GROUP BY t ORDER BY t
            """, new { ownerId, all }, cancellationToken: ct))).AsList();
    }

    /// <summary>The ids of the caller's live links with <paramref name="tag"/> (an admin's: everyone's).</summary>
    public async Task<long[]> LinkIdsAsync(string tag, long? ownerId, bool all, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return [.. await conn.QueryAsync<long>(new CommandDefinition(
            $"SELECT id FROM links WHERE tags @> ARRAY[@tag::text] AND {OwnerFilter}", new { tag, ownerId, all }, cancellationToken: ct))];
    }
}
