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
    public byte[] Secret { get; init; } = [];
    public byte[]? PreviousSecret { get; init; }
    public DateTimeOffset? PreviousSecretUntil { get; init; }

    public IReadOnlyList<byte[]> SigningKeys(DateTimeOffset now) =>
        PreviousSecret is not null && PreviousSecretUntil > now ? [Secret, PreviousSecret] : [Secret];
}

/// <summary>A due delivery; Body is null when it is a link.clicked whose click is no longer stored.</summary>
public sealed record ClaimedDelivery(Guid Id, string Event, string? Body, int Attempts);

/// <summary>The outcome of one attempt as it is stored; NextAttemptAt matters only while the delivery is pending.</summary>
public sealed record DeliveryRecord(Guid Id, string Status, int? StatusCode, string? Error, DateTimeOffset AttemptedAt, DateTimeOffset NextAttemptAt);

/// <summary>
/// webhook_deliveries as a queue, one endpoint at a time. One worker at a time sends to an endpoint: the holder of its
/// sender lease, taken and renewed per batch, so the endpoint's limits hold across workers and its deliveries need no
/// claim of their own (one write per attempt, the outcome). A worker that dies mid-batch leaves its deliveries pending:
/// once its lease is over, they are sent again, with the same webhook-id.
/// </summary>
public sealed class DeliveryQueue(NpgsqlDataSource db)
{
    // Per endpoint, so the due index is read from its start for each: cheap however many retries wait for later.
    private const string DueSql = """
        SELECT e.id FROM webhook_endpoints e
        WHERE e.enabled AND e.deleted_at IS NULL AND (e.sender_lease_until IS NULL OR e.sender_lease_until < @now OR e.sender = @sender)
          AND EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.status = 'pending' AND d.next_attempt_at <= @now)
        """;

    private const string LeaseSql = """
        UPDATE webhook_endpoints SET sender = @sender, sender_lease_until = @leaseUntil
        WHERE id = @id AND enabled AND deleted_at IS NULL AND (sender_lease_until IS NULL OR sender_lease_until < @now OR sender = @sender)
        RETURNING id AS Id, url AS Url, secret AS Secret, previous_secret AS PreviousSecret,
                  previous_secret_until AS PreviousSecretUntil
        """;

    private static readonly string s_dueSql = $"""
        SELECT d.id AS Id, d.event AS Event, (CASE WHEN d.payload IS NOT NULL THEN d.payload WHEN c.event_id IS NOT NULL THEN {ClickFanout.BodySql} END)::text AS Body,
               d.attempts AS Attempts
        FROM (SELECT id, event, attempts, payload, click_event_id, next_attempt_at FROM webhook_deliveries
              WHERE endpoint_id = @endpointId AND status = 'pending' AND next_attempt_at <= @now
              ORDER BY next_attempt_at LIMIT @limit) d
        LEFT JOIN clicks c ON c.event_id = d.click_event_id
        LEFT JOIN links l ON l.id = c.link_id
        ORDER BY d.next_attempt_at
        """;

    private const string RecordSql = """
        UPDATE webhook_deliveries d SET
            status = r.status, attempts = d.attempts + 1, last_status_code = r.code, last_error = r.error,
            last_attempt_at = r.at, next_attempt_at = r.next_at,
            delivered_at = CASE WHEN r.status = 'delivered' THEN r.at END
        FROM unnest(@ids, @statuses, @codes, @errors, @ats, @nexts) AS r(id, status, code, error, at, next_at)
        WHERE d.id = r.id
        """;

    public async Task<IReadOnlyList<long>> DueEndpointsAsync(string sender, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<long>(new CommandDefinition(DueSql, new { sender, now }, cancellationToken: ct))).AsList();
    }

    /// <summary>Takes or renews the endpoint's sender lease; null when it is disabled, deleted or another worker's.</summary>
    public async Task<EndpointTarget?> LeaseAsync(long id, string sender, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<EndpointTarget>(new CommandDefinition(LeaseSql, new { id, sender, now, leaseUntil },
            cancellationToken: ct));
    }

    /// <summary>Lets another worker take the endpoint at once (nothing was due).</summary>
    public async Task ReleaseAsync(long id, string sender, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE webhook_endpoints SET sender_lease_until = NULL WHERE id = @id AND sender = @sender", new { id, sender }, cancellationToken: ct));
    }

    /// <summary>The endpoint's due deliveries, oldest first, with their bodies; only the lease holder may call it.</summary>
    public async Task<IReadOnlyList<ClaimedDelivery>> DueAsync(long endpointId, int limit, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<ClaimedDelivery>(new CommandDefinition(s_dueSql, new { endpointId, limit, now }, cancellationToken: ct))).AsList();
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
