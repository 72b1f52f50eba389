using System.Security.Cryptography;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using Shortener.Core.Events;
using Shortener.Core.Enrichment.Visitors;
using Shortener.Worker.Pipeline;

namespace Shortener.Worker.Events;

/// <summary>
/// Stores a batch of site events in one transaction, exactly once (<see cref="IdempotentCopy"/>). Each gets the key
/// unique users count: a hash of (site, user id) when the event had a user id, otherwise the visitor hash of (site,
/// IP, user agent) under the same daily-rotating key as clicks. The raw IP and user agent are not written.
/// </summary>
public sealed class EventWriter(NpgsqlDataSource db, VisitorHasher visitors)
{
    private static readonly IdempotentCopy s_copy = new("events", "event_id, site_id, event_type, path, user_id, user_key, occurred_at");

    public async Task WriteAsync(IReadOnlyList<SiteEvent> events, bool mayBeStored, Func<Task>? beforeCommit, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await s_copy.WriteAsync(conn, events, WriteRowAsync, mayBeStored, null, beforeCommit, null, ct);
    }

    private async Task WriteRowAsync(NpgsqlBinaryImporter copy, SiteEvent e, CancellationToken ct)
    {
        await copy.WriteAsync(e.EventId, NpgsqlDbType.Uuid, ct);
        await copy.WriteAsync(e.SiteId, NpgsqlDbType.Text, ct);
        await copy.WriteAsync(e.EventType, NpgsqlDbType.Text, ct);
        await IdempotentCopy.WriteTextAsync(copy, e.Path, ct);
        await IdempotentCopy.WriteTextAsync(copy, e.UserId, ct);
        await copy.WriteAsync(UserKey(e), NpgsqlDbType.Bytea, ct);
        await copy.WriteAsync(e.OccurredAt.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
    }

    private byte[] UserKey(SiteEvent e) => e.UserId is { } user
        ? SHA256.HashData(Encoding.UTF8.GetBytes($"user\n{e.SiteId}\n{user}"))[..16]
        : visitors.Hash($"{e.SiteId}\n{e.Ip}", e.UserAgent, e.OccurredAt);
}
