using Dapper;
using Npgsql;
using Shortener.Core.Webhooks;

namespace Shortener.Core.Links;

/// <summary>A validated, normalised link to insert (routing as jsonb text). A null <see cref="Id"/> takes the next from the sequence (custom slugs).</summary>
public sealed record NewLink(int Ordinal, long? Id, string Slug, string Url, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt = null,
    long? MaxClicks = null, string? PasswordHash = null, string? Title = null, string[]? Tags = null, string? Rules = null,
    string? Variants = null, string? Utm = null);

/// <summary>
/// Inserts many links in one statement (one round trip): the rows go in as arrays, unnest()ed into INSERT … ON CONFLICT
/// (slug) DO NOTHING, so a taken slug skips its row and the rest go in. Bulk create (api) and imports (worker) share it.
/// </summary>
public static class LinkBatch
{
    private const string InsertSql = $"""
        WITH input AS (
            SELECT * FROM unnest(@ordinals::int[], @ids::bigint[], @slugs::text[], @urls::text[], @created::timestamptz[],
                                 @expires::timestamptz[], @maxClicks::bigint[], @passwords::text[], @titles::text[], @tags::text[],
                                 @rules::text[], @variants::text[], @utm::text[])
                AS i(ordinal, id, slug, url, created_at, expires_at, max_clicks, password_hash, title, tags, rules, variants, utm)
        ), link AS (
            INSERT INTO links (id, slug, original_url, owner_id, created_at, updated_at, expires_at, max_clicks, password_hash,
                               title, tags, rules, variants, utm)
            SELECT coalesce(id, nextval('links_id_seq')), slug, url, @ownerId, created_at, created_at, expires_at, max_clicks,
                   password_hash, title, string_to_array(tags, ','), rules::jsonb, variants::jsonb, utm::jsonb
            FROM input ORDER BY ordinal
            ON CONFLICT (slug) DO NOTHING
            RETURNING id, slug, original_url
        ), job AS (
            INSERT INTO link_jobs (link_id, event, url, next_attempt_at, created_at)
            SELECT id, '{WebhookEvents.LinkCreated}', original_url, @now, @now FROM link WHERE @queueJobs
        )
        SELECT i.ordinal AS Ordinal, l.id AS Id FROM link l JOIN input i USING (slug)
        """;

    /// <summary>
    /// Inserts <paramref name="links"/> (their slugs distinct) for <paramref name="ownerId"/>; with <paramref name="queueJobs"/>
    /// each new link gets its link job (preview, link.created webhooks) in the same statement.
    /// </summary>
    /// <returns>The id of each link inserted, by its ordinal; a link whose slug was taken is not in it.</returns>
    public static async Task<Dictionary<int, long>> InsertAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, IReadOnlyList<NewLink> links,
        long? ownerId, bool queueJobs, DateTimeOffset now, CancellationToken ct)
    {
        if (links.Count == 0) return [];
        var rows = await conn.QueryAsync<(int Ordinal, long Id)>(new CommandDefinition(InsertSql, new
        {
            ordinals = links.Select(l => l.Ordinal).ToArray(),
            ids = links.Select(l => l.Id).ToArray(),
            slugs = links.Select(l => l.Slug).ToArray(),
            urls = links.Select(l => l.Url).ToArray(),
            created = links.Select(l => l.CreatedAt.ToUniversalTime()).ToArray(),
            expires = links.Select(l => l.ExpiresAt?.ToUniversalTime()).ToArray(),
            maxClicks = links.Select(l => l.MaxClicks).ToArray(),
            passwords = links.Select(l => l.PasswordHash).ToArray(),
            titles = links.Select(l => l.Title).ToArray(),
            // Tags match [a-z0-9_-], so a comma joins them safely (unnest would flatten an array of arrays).
            tags = links.Select(l => string.Join(',', l.Tags ?? [])).ToArray(),
            rules = links.Select(l => l.Rules).ToArray(),
            variants = links.Select(l => l.Variants).ToArray(),
            utm = links.Select(l => l.Utm).ToArray(),
            ownerId, queueJobs, now = now.ToUniversalTime(),
        }, tx, cancellationToken: ct));
        return rows.ToDictionary(r => r.Ordinal, r => r.Id);
    }
}
