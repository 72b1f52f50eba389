using Dapper;
using Npgsql;
using Shortener.Core.Links;
using Shortener.Core.Slugs;
using Shortener.Core.Webhooks;

namespace Shortener.Api.Links;

/// <summary>
/// The links table: creation (Sqids slug of the new id, or a custom slug), lookups, listing, changes. A change queues its
/// webhooks in its own transaction: a new target through a link job (its preview first), anything else directly.
/// </summary>
public sealed class LinkStore(NpgsqlDataSource db, SlugCodec slugs, LinkChangeOutbox outbox, TimeProvider time)
{
    private const string Columns = """
        id AS Id, slug AS Slug, original_url AS OriginalUrl, owner_id AS OwnerId, created_at AS CreatedAt, updated_at AS UpdatedAt,
        is_deleted AS IsDeleted, expires_at AS ExpiresAt, max_clicks AS MaxClicks, password_hash AS PasswordHash, total_clicks AS TotalClicks,
        title AS Title, tags AS Tags, rules::text AS Rules, variants::text AS Variants, utm::text AS Utm
        """;

    // The link and its job (preview, then link.created webhooks) commit together, so no link goes without one.
    private const string Insert = $"""
        WITH link AS (
            INSERT INTO links (id, slug, original_url, owner_id, created_at, updated_at, expires_at, max_clicks, password_hash,
                               title, tags, rules, variants, utm)
            VALUES (COALESCE(@id, nextval('links_id_seq')), @slug, @Url, @ownerId, @now, @now, @ExpiresAt, @MaxClicks, @PasswordHash,
                    @Title, coalesce(@Tags, ARRAY[]::text[]), @Rules::jsonb, @Variants::jsonb, @Utm::jsonb)
            ON CONFLICT (slug) DO NOTHING
            RETURNING *
        ), job AS (
            INSERT INTO link_jobs (link_id, event, url, next_attempt_at, created_at)
            SELECT id, '{WebhookEvents.LinkCreated}', original_url, @now, @now FROM link
        )
        SELECT {Columns} FROM link
        """;

    private const string QueueJob = $"""
        INSERT INTO link_jobs (link_id, event, url, next_attempt_at, created_at) VALUES (@id, '{WebhookEvents.LinkUpdated}', @url, @now, @now)
        """;

    /// <summary>Null when the custom <paramref name="slug"/> is taken (by a live or a deleted link: slugs are never reused).</summary>
    public async Task<LinkRow?> CreateAsync(LinkSettings settings, string? slug, long? ownerId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var now = time.GetUtcNow();
        if (slug is not null)
            return await conn.QuerySingleOrDefaultAsync<LinkRow>(new CommandDefinition(Insert, Parameters(null, slug), cancellationToken: ct));
        while (true)
        {
            // The slug is the id's encoding, so take the id first. An id whose slug a custom link already holds (or that
            // spells a reserved word) is skipped, so a generated slug never collides with a custom one.
            var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition("SELECT nextval('links_id_seq')", cancellationToken: ct));
            var generated = slugs.Encode(id);
            if (LinkRules.ReservedSlugs.Contains(generated)) continue;
            var row = await conn.QuerySingleOrDefaultAsync<LinkRow>(new CommandDefinition(Insert, Parameters(id, generated), cancellationToken: ct));
            if (row is not null) return row;
        }

        object Parameters(long? id, string slug) => new
        {
            id, slug, settings.Url, ownerId, now, settings.ExpiresAt, settings.MaxClicks, settings.PasswordHash, settings.Title, settings.Tags,
            settings.Rules, settings.Variants, settings.Utm,
        };
    }

    /// <summary>
    /// Creates many links in one statement (<see cref="LinkBatch"/>): the ids of generated slugs are taken first, in one
    /// round trip for the whole batch. A custom slug that is taken leaves its item out of the answer (the caller reports it);
    /// a generated one that collides with a custom slug is given the next id, as a single create does.
    /// </summary>
    /// <returns>The created rows by the index of their item.</returns>
    public async Task<Dictionary<int, LinkRow>> CreateManyAsync(IReadOnlyList<(int Index, LinkSettings Settings, string? Slug)> items, long? ownerId,
        CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var now = time.GetUtcNow();
        var created = new Dictionary<int, LinkRow>();
        var pending = items.ToList();
        while (pending.Count > 0)
        {
            var generated = pending.Count(i => i.Slug is null);
            var ids = generated == 0 ? new Queue<long>() : new Queue<long>(await conn.QueryAsync<long>(new CommandDefinition(
                "SELECT nextval('links_id_seq') FROM generate_series(1, @generated)", new { generated }, cancellationToken: ct)));
            var batch = new List<NewLink>(pending.Count);
            foreach (var (index, settings, slug) in pending)
            {
                long? id = null;
                var chosen = slug;
                if (chosen is null)
                {
                    id = ids.Dequeue();
                    chosen = slugs.Encode(id.Value);
                    // Reserved words are skipped, as in CreateAsync; the item waits for the next round with a new id.
                    if (LinkRules.ReservedSlugs.Contains(chosen)) continue;
                }
                batch.Add(new NewLink(index, id, chosen, settings.Url, now, settings.ExpiresAt, settings.MaxClicks, settings.PasswordHash,
                    settings.Title, settings.Tags, settings.Rules, settings.Variants, settings.Utm));
            }
            var inserted = await LinkBatch.InsertAsync(conn, null, batch, ownerId, queueJobs: true, now, ct);
            foreach (var link in batch)
                if (inserted.TryGetValue(link.Ordinal, out var newId))
                    created[link.Ordinal] = new LinkRow
                    {
                        Id = newId, Slug = link.Slug, OriginalUrl = link.Url, OwnerId = ownerId, CreatedAt = now, UpdatedAt = now,
                        ExpiresAt = link.ExpiresAt, MaxClicks = link.MaxClicks, PasswordHash = link.PasswordHash, Title = link.Title,
                        Tags = link.Tags ?? [], Rules = link.Rules, Variants = link.Variants, Utm = link.Utm,
                    };
            // Generated slugs that met a custom one go round again; a taken custom slug is final.
            pending = [.. pending.Where(p => p.Slug is null && !created.ContainsKey(p.Index))];
        }
        return created;
    }

    public async Task<LinkRow?> FindAsync(string slug, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<LinkRow>(new CommandDefinition(
            $"SELECT {Columns} FROM links WHERE slug = @slug AND NOT is_deleted", new { slug }, cancellationToken: ct));
    }

    /// <summary>
    /// Newest first, keyset-paginated on id; <paramref name="all"/> lists every owner's links (admin). A <paramref name="search"/>
    /// keeps the links whose slug or target contains it, ignoring case (its % and _ are literal).
    /// </summary>
    public async Task<IReadOnlyList<LinkRow>> ListAsync(long? ownerId, bool all, long? beforeId, int limit, string? search, CancellationToken ct,
        string? tag = null, string? utmCampaign = null)
    {
        var pattern = search is null ? null : "%" + search.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<LinkRow>(new CommandDefinition($"""
            SELECT {Columns} FROM links
            WHERE NOT is_deleted AND (@all OR owner_id IS NOT DISTINCT FROM @ownerId) AND (@beforeId::bigint IS NULL OR id < @beforeId)
              AND (@pattern::text IS NULL OR slug ILIKE @pattern OR original_url ILIKE @pattern)
              AND (@tag::text IS NULL OR tags @> ARRAY[@tag::text])
              AND (@utmCampaign::text IS NULL OR utm ->> 'campaign' = @utmCampaign)
            ORDER BY id DESC
            LIMIT @limit
            """, new { ownerId, all, beforeId, limit, pattern, tag, utmCampaign }, cancellationToken: ct));
        return rows.AsList();
    }

    /// <summary>
    /// Changes only the named fields, atomically, and records link.updated in the outbox in the same transaction. A new
    /// target queues a link job (a preview of it, then the link.updated webhooks); any other change queues the webhooks.
    /// </summary>
    public async Task<(LinkRow Row, long EventId)?> UpdateAsync(long id, UpdateLinkRequest change, string? passwordHash, LinkSettings stored,
        CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var now = time.GetUtcNow();
        var oldUrl = await conn.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT original_url FROM links WHERE id = @id AND NOT is_deleted FOR UPDATE", new { id }, tx, cancellationToken: ct));
        if (oldUrl is null) return null;
        var row = await conn.QuerySingleAsync<LinkRow>(new CommandDefinition($"""
            UPDATE links SET
                original_url  = CASE WHEN @HasUrl THEN @Url ELSE original_url END,
                expires_at    = CASE WHEN @HasExpiresAt THEN @ExpiresAt ELSE expires_at END,
                max_clicks    = CASE WHEN @HasMaxClicks THEN @MaxClicks ELSE max_clicks END,
                password_hash = CASE WHEN @HasPassword THEN @passwordHash ELSE password_hash END,
                title         = CASE WHEN @HasTitle THEN @Title ELSE title END,
                tags          = CASE WHEN @HasTags THEN coalesce(@tags, ARRAY[]::text[]) ELSE tags END,
                rules         = CASE WHEN @HasRules THEN @rules::jsonb ELSE rules END,
                variants      = CASE WHEN @HasVariants THEN @variants::jsonb ELSE variants END,
                utm           = CASE WHEN @HasUtm THEN @utm::jsonb ELSE utm END,
                updated_at    = @now
            WHERE id = @id
            RETURNING {Columns}
            """, new
        {
            id, change.HasUrl, change.Url, change.HasExpiresAt, change.ExpiresAt, change.HasMaxClicks, change.MaxClicks,
            change.HasPassword, passwordHash, now, change.HasTitle, change.Title, change.HasTags, tags = stored.Tags, change.HasRules,
            rules = stored.Rules, change.HasVariants, variants = stored.Variants, change.HasUtm, utm = stored.Utm,
        }, tx, cancellationToken: ct));
        var eventId = await outbox.AddAsync(conn, tx, Core.LinkEvents.Updated, row, ct);
        if (row.OriginalUrl != oldUrl)
            await conn.ExecuteAsync(new CommandDefinition(QueueJob, new { id, url = row.OriginalUrl, now }, tx, cancellationToken: ct));
        else
            await LinkEventDeliveries.QueueAsync(conn, tx, WebhookEvents.LinkUpdated, id, now, jobId: null, ct);
        await tx.CommitAsync(ct);
        return (row, eventId);
    }

    /// <summary>Soft delete: the row stays (clicks and stats keep their link, the slug stays taken); link.deleted goes to the outbox.</summary>
    public async Task<(LinkRow Row, long EventId)?> DeleteAsync(long id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<LinkRow>(new CommandDefinition($"""
            UPDATE links SET is_deleted = true, updated_at = @now WHERE id = @id AND NOT is_deleted RETURNING {Columns}
            """, new { id, now = time.GetUtcNow() }, tx, cancellationToken: ct));
        if (row is null) return null;
        var eventId = await outbox.AddAsync(conn, tx, Core.LinkEvents.Deleted, row, ct);
        await LinkEventDeliveries.QueueAsync(conn, tx, WebhookEvents.LinkDeleted, id, row.UpdatedAt, jobId: null, ct);
        await tx.CommitAsync(ct);
        return (row, eventId);
    }
}
