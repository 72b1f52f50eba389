using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using Shortener.Core.Links.Routing;

namespace Shortener.Core.Links;

/// <summary>Reads a live (not deleted) link's redirect target from PostgreSQL: the last level behind both caches.</summary>
public sealed class LinkTargetReader(NpgsqlDataSource db, ILogger<LinkTargetReader> logger)
{
    public async Task<LinkTarget?> FindAsync(string slug, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition("""
            SELECT id AS Id, original_url AS Url, expires_at AS ExpiresAt, max_clicks AS MaxClicks,
                   password_hash IS NOT NULL AS PasswordProtected, rules::text AS Rules, variants::text AS Variants, utm::text AS Utm
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
        return new LinkTarget(row.Id, url, row.ExpiresAt, row.MaxClicks, row.PasswordProtected, StoredRouting.Read(row.Rules, row.Variants, row.Utm));
    }

    private sealed record Row
    {
        public long Id { get; init; }
        public string Url { get; init; } = "";
        public DateTimeOffset? ExpiresAt { get; init; }
        public long? MaxClicks { get; init; }
        public bool PasswordProtected { get; init; }
        public string? Rules { get; init; }
        public string? Variants { get; init; }
        public string? Utm { get; init; }
    }
}

/// <summary>The jsonb columns rules, variants and utm, as written and read back.</summary>
public static class StoredRouting
{
    public static LinkRouting? Read(string? rules, string? variants, string? utm) => LinkRouting.Of(
        rules is null ? null : JsonSerializer.Deserialize(rules, RoutingJsonContext.Default.ListRedirectRule),
        variants is null ? null : JsonSerializer.Deserialize(variants, RoutingJsonContext.Default.ListLinkVariant),
        utm is null ? null : JsonSerializer.Deserialize(utm, RoutingJsonContext.Default.LinkUtm));

    public static string? Write(IReadOnlyList<RedirectRule>? rules) =>
        rules is { Count: > 0 } ? JsonSerializer.Serialize([.. rules], RoutingJsonContext.Default.ListRedirectRule) : null;

    public static string? Write(IReadOnlyList<LinkVariant>? variants) =>
        variants is { Count: > 0 } ? JsonSerializer.Serialize([.. variants], RoutingJsonContext.Default.ListLinkVariant) : null;

    public static string? Write(LinkUtm? utm) => utm is null ? null : JsonSerializer.Serialize(utm, RoutingJsonContext.Default.LinkUtm);
}
