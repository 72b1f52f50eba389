using Dapper;
using Npgsql;
using Shortener.Core.Webhooks;

namespace Shortener.Api.Webhooks;

/// <summary>An endpoint's deliveries: the log, sending one again, and the test event. The worker sends them.</summary>
public sealed class DeliveryLog(NpgsqlDataSource db, TimeProvider time)
{
    private const string Columns = """
        id AS Id, event AS Event, status AS Status, attempts AS Attempts, last_status_code AS LastStatusCode,
        last_error AS LastError, last_attempt_at AS LastAttemptAt, next_attempt_at AS NextAttemptAt, delivered_at AS DeliveredAt,
        created_at AS CreatedAt
        """;

    private static readonly string s_testSql = $"""
        INSERT INTO webhook_deliveries (id, endpoint_id, event, payload, next_attempt_at, created_at)
        SELECT @id, e.id, '{WebhookEvents.Test}', {WebhookJson.Body($"'{WebhookEvents.Test}'", "@now",
            "jsonb_build_object('webhook_id', e.id, 'url', e.url, 'message', 'A test event from Shortener.')")}, @now, @now
        FROM webhook_endpoints e WHERE e.id = @endpointId
        RETURNING {Columns}
        """;

    /// <summary>Newest first, keyset-paginated on the (time-ordered) id; <paramref name="status"/> null lists every status.</summary>
    public async Task<IReadOnlyList<DeliveryRow>> ListAsync(long endpointId, string? status, Guid? beforeId, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<DeliveryRow>(new CommandDefinition($"""
            SELECT {Columns} FROM webhook_deliveries
            WHERE endpoint_id = @endpointId AND (@status::text IS NULL OR status = @status) AND (@beforeId::uuid IS NULL OR id < @beforeId)
            ORDER BY id DESC
            LIMIT @limit
            """, new { endpointId, status, beforeId, limit }, cancellationToken: ct))).AsList();
    }

    public async Task<DeliveryRow?> FindAsync(long endpointId, Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<DeliveryRow>(new CommandDefinition(
            $"SELECT {Columns} FROM webhook_deliveries WHERE id = @id AND endpoint_id = @endpointId", new { endpointId, id }, cancellationToken: ct));
    }

    /// <summary>
    /// Due now, with the same webhook-id; a failed delivery gets one more attempt (it fails again for good if that one
    /// fails, its schedule being used up).
    /// </summary>
    public async Task<DeliveryRow?> RetryAsync(long endpointId, Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<DeliveryRow>(new CommandDefinition($"""
            UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = @now, delivered_at = NULL
            WHERE id = @id AND endpoint_id = @endpointId
            RETURNING {Columns}
            """, new { endpointId, id, now = time.GetUtcNow() }, cancellationToken: ct));
    }

    public async Task<DeliveryRow> QueueTestAsync(long endpointId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var now = time.GetUtcNow();
        return await conn.QuerySingleAsync<DeliveryRow>(new CommandDefinition(s_testSql,
            new { id = Guid.CreateVersion7(now), endpointId, now }, cancellationToken: ct));
    }
}
