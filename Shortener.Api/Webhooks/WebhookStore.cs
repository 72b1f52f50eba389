using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Shortener.Core.Alerts;
using Shortener.Core.Webhooks;

namespace Shortener.Api.Webhooks;

/// <summary>The webhook_endpoints table. Deleting marks a row deleted; rows are never removed (see the migration).</summary>
public sealed class WebhookStore(NpgsqlDataSource db, IOptions<WebhookOptions> options, TimeProvider time)
{
    private const string Columns = """
        id AS Id, owner_id AS OwnerId, url AS Url, events AS Events, slugs AS Slugs, enabled AS Enabled, disabled_reason AS DisabledReason,
        created_at AS CreatedAt, updated_at AS UpdatedAt, CASE WHEN previous_secret_until > now() THEN previous_secret_until END AS PreviousSecretUntil
        """;

    /// <param name="allLinks">Made by an admin: the events of every link, not only the owner's.</param>
    public async Task<WebhookRow> CreateAsync(long? ownerId, bool allLinks, string url, string[] events, string[]? slugs, byte[] secret,
        CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleAsync<WebhookRow>(new CommandDefinition($"""
            INSERT INTO webhook_endpoints (owner_id, all_links, url, events, slugs, secret, created_at, updated_at)
            VALUES (@ownerId, @allLinks, @url, @events, @slugs, @secret, @now, @now)
            RETURNING {Columns}
            """, new { ownerId, allLinks, url, events, slugs, secret, now = time.GetUtcNow() }, cancellationToken: ct));
    }

    public async Task<WebhookRow?> FindAsync(long id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<WebhookRow>(new CommandDefinition(
            $"SELECT {Columns} FROM webhook_endpoints WHERE id = @id AND deleted_at IS NULL", new { id }, cancellationToken: ct));
    }

    /// <summary>Newest first, keyset-paginated on id; <paramref name="all"/> lists every owner's endpoints (admin).</summary>
    public async Task<IReadOnlyList<WebhookRow>> ListAsync(long? ownerId, bool all, long? beforeId, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<WebhookRow>(new CommandDefinition($"""
            SELECT {Columns} FROM webhook_endpoints
            WHERE deleted_at IS NULL AND (@all OR owner_id IS NOT DISTINCT FROM @ownerId) AND (@beforeId::bigint IS NULL OR id < @beforeId)
            ORDER BY id DESC
            LIMIT @limit
            """, new { ownerId, all, beforeId, limit }, cancellationToken: ct))).AsList();
    }

    /// <summary>
    /// Changes the named fields. Enabling an endpoint starts its count of failures in a row again and closes the alert
    /// its disabling raised; its pending deliveries go out again.
    /// </summary>
    public async Task<WebhookRow?> UpdateAsync(long id, UpdateWebhookRequest change, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var enable = change.HasEnabled && change.Enabled == true;
        var row = await conn.QuerySingleOrDefaultAsync<WebhookRow>(new CommandDefinition($"""
            UPDATE webhook_endpoints SET
                url                  = CASE WHEN @HasUrl THEN @Url ELSE url END,
                events               = CASE WHEN @HasEvents THEN @Events ELSE events END,
                slugs                = CASE WHEN @HasSlugs THEN @Slugs ELSE slugs END,
                enabled              = CASE WHEN @HasEnabled THEN @enabled ELSE enabled END,
                disabled_reason      = CASE WHEN @HasEnabled AND @enabled THEN NULL WHEN @HasEnabled THEN 'Disabled by its owner.' ELSE disabled_reason END,
                consecutive_failures = CASE WHEN @enable THEN 0 ELSE consecutive_failures END,
                updated_at           = @now
            WHERE id = @id AND deleted_at IS NULL
            RETURNING {Columns}
            """, new
        {
            id, change.HasUrl, change.Url, change.HasEvents, change.Events, change.HasSlugs, change.Slugs, change.HasEnabled,
            enabled = change.Enabled ?? false, enable, now = time.GetUtcNow(),
        }, tx, cancellationToken: ct));
        if (row is not null && enable)
            await conn.ExecuteAsync(new CommandDefinition("""
                UPDATE alerts SET resolved_at = @now WHERE kind = @kind AND subject = @subject AND resolved_at IS NULL
                """, new { kind = AlertKinds.WebhookDisabled, subject = AlertKinds.Webhook(id), now = time.GetUtcNow() }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return row;
    }

    /// <returns>Whether it existed.</returns>
    public async Task<bool> DeleteAsync(long id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE webhook_endpoints SET deleted_at = @now, enabled = false, updated_at = @now WHERE id = @id AND deleted_at IS NULL
            """, new { id, now = time.GetUtcNow() }, cancellationToken: ct)) > 0;
    }

    /// <summary>The new key signs from now on; the old one signs next to it for Webhooks:SecretOverlap.</summary>
    public async Task<WebhookRow?> RotateSecretAsync(long id, byte[] secret, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var overlap = options.Value.SecretOverlap;
        return await conn.QuerySingleOrDefaultAsync<WebhookRow>(new CommandDefinition($"""
            UPDATE webhook_endpoints SET
                previous_secret       = CASE WHEN @overlap > interval '0' THEN secret END,
                previous_secret_until = CASE WHEN @overlap > interval '0' THEN @now + @overlap END,
                secret                = @secret,
                updated_at            = @now
            WHERE id = @id AND deleted_at IS NULL
            RETURNING {Columns}
            """, new { id, secret, overlap, now = time.GetUtcNow() }, cancellationToken: ct));
    }
}
