using Dapper;
using Npgsql;

namespace Shortener.Worker.Webhooks;

/// <summary>
/// An endpoint as its sender needs it: where to post, and the keys that sign (two while a rotated secret overlaps).
/// Init properties, so Dapper maps timestamps through our handler.
/// </summary>
public sealed record EndpointTarget
{
    public long Id { get; init; }
    public string Url { get; init; } = "";
    public bool Enabled { get; init; }
    public byte[] Secret { get; init; } = [];
    public byte[]? PreviousSecret { get; init; }
    public DateTimeOffset? PreviousSecretUntil { get; init; }

    public IReadOnlyList<byte[]> SigningKeys(DateTimeOffset now) =>
        PreviousSecret is not null && PreviousSecretUntil > now ? [Secret, PreviousSecret] : [Secret];
}

public sealed record ClaimedDelivery(Guid Id, string Event, string Body, int Attempts);

/// <summary>The outcome of one attempt as it is stored; NextAttemptAt matters only while the delivery is pending.</summary>
public sealed record DeliveryRecord(Guid Id, string Status, int? StatusCode, string? Error, DateTimeOffset AttemptedAt, DateTimeOffset NextAttemptAt);

/// <summary>
/// webhook_deliveries as a queue, one endpoint at a time. A claim pushes the deliveries' next_attempt_at past a lease
/// (FOR UPDATE SKIP LOCKED, so two workers never take the same one), so a worker that dies mid-send leaves them to be
/// sent again, with the same webhook-id, once the lease is over.
/// </summary>
public sealed class DeliveryQueue(NpgsqlDataSource db)
{
    // Per endpoint, so the due index is read from its start for each: cheap however many retries wait for later.
    private const string DueSql = """
        SELECT e.id FROM webhook_endpoints e
        WHERE e.enabled AND e.deleted_at IS NULL
          AND EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.status = 'pending' AND d.next_attempt_at <= @now)
        """;

    private const string EndpointSql = """
        SELECT id AS Id, url AS Url, enabled AND deleted_at IS NULL AS Enabled, secret AS Secret, previous_secret AS PreviousSecret,
               previous_secret_until AS PreviousSecretUntil
        FROM webhook_endpoints WHERE id = @id
        """;

    private const string ClaimSql = """
        UPDATE webhook_deliveries d SET next_attempt_at = @leaseUntil
        WHERE d.id IN (
            SELECT id FROM webhook_deliveries
            WHERE endpoint_id = @endpointId AND status = 'pending' AND next_attempt_at <= @now
            ORDER BY next_attempt_at
            LIMIT @limit
            FOR UPDATE SKIP LOCKED)
        RETURNING d.id AS Id, d.event AS Event, d.payload::text AS Body, d.attempts AS Attempts
        """;

    private const string RecordSql = """
        UPDATE webhook_deliveries d SET
            status = r.status, attempts = d.attempts + 1, last_status_code = r.code, last_error = r.error,
            last_attempt_at = r.at, next_attempt_at = r.next_at,
            delivered_at = CASE WHEN r.status = 'delivered' THEN r.at END
        FROM unnest(@ids, @statuses, @codes, @errors, @ats, @nexts) AS r(id, status, code, error, at, next_at)
        WHERE d.id = r.id
        """;

    public async Task<IReadOnlyList<long>> DueEndpointsAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<long>(new CommandDefinition(DueSql, new { now }, cancellationToken: ct))).AsList();
    }

    public async Task<EndpointTarget?> FindEndpointAsync(long id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<EndpointTarget>(new CommandDefinition(EndpointSql, new { id }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(long endpointId, int limit, DateTimeOffset now, DateTimeOffset leaseUntil,
        CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<ClaimedDelivery>(new CommandDefinition(ClaimSql, new { endpointId, limit, now, leaseUntil },
            cancellationToken: ct))).AsList();
    }

    public async Task RecordAsync(IReadOnlyList<DeliveryRecord> records, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(RecordSql, conn);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", records.Select(r => r.Id).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("statuses", records.Select(r => r.Status).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<int?[]>("codes", records.Select(r => r.StatusCode).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("errors", records.Select(r => r.Error).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("ats", records.Select(r => r.AttemptedAt.UtcDateTime).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("nexts", records.Select(r => r.NextAttemptAt.UtcDateTime).ToArray()));
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Keeps count of the deliveries in a row that failed for good: <paramref name="reset"/> when one was delivered since,
    /// then <paramref name="failedSince"/> counts from zero. Returns the count.
    /// </summary>
    public async Task<int> CountFailuresAsync(long endpointId, bool reset, int failedSince, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<int>(new CommandDefinition("""
            UPDATE webhook_endpoints SET consecutive_failures = CASE WHEN @reset THEN 0 ELSE consecutive_failures END + @failedSince
            WHERE id = @endpointId
            RETURNING consecutive_failures
            """, new { endpointId, reset, failedSince }, cancellationToken: ct));
    }

    /// <returns>Whether this call disabled it (false when it was disabled already).</returns>
    public async Task<bool> DisableAsync(long endpointId, string reason, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE webhook_endpoints SET enabled = false, disabled_reason = @reason, updated_at = @now WHERE id = @endpointId AND enabled
            """, new { endpointId, reason, now }, cancellationToken: ct)) > 0;
    }
}
