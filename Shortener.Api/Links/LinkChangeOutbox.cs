using System.Data.Common;
using Dapper;
using Npgsql;
using Shortener.Core;

namespace Shortener.Api.Links;

/// <summary>
/// link.updated / link.deleted events written in the same transaction as the change, so none is lost when Redis is
/// unreachable at that moment: the api publishes each right after the commit and deletes it, and the relay publishes
/// whatever is left. Publishing twice is harmless (the refresher re-reads the link).
/// </summary>
public sealed class LinkChangeOutbox(NpgsqlDataSource db, TimeProvider time)
{
    public async Task<long> AddAsync(DbConnection conn, DbTransaction tx, string type, LinkRow row, CancellationToken ct) =>
        await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO link_changes_outbox (type, link_id, slug, created_at) VALUES (@type, @Id, @Slug, @now) RETURNING id
            """, new { type, row.Id, row.Slug, now = time.GetUtcNow() }, tx, cancellationToken: ct));

    public async Task RemoveAsync(long id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("DELETE FROM link_changes_outbox WHERE id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>Publishes and removes up to a batch of pending events; a failed publish rolls back and leaves them for next time.</summary>
    public async Task<int> RelayAsync(Func<LinkChanged, Task> publish, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // SKIP LOCKED: several api instances relay side by side without waiting on each other.
        var pending = (await conn.QueryAsync<(long Id, string Type, long LinkId, string Slug)>(new CommandDefinition("""
            SELECT id, type, link_id, slug FROM link_changes_outbox ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED
            """, transaction: tx, cancellationToken: ct))).AsList();
        foreach (var e in pending) await publish(new LinkChanged(e.Type, e.LinkId, e.Slug));
        await conn.ExecuteAsync(new CommandDefinition("DELETE FROM link_changes_outbox WHERE id = ANY(@ids)",
            new { ids = pending.Select(e => e.Id).ToArray() }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return pending.Count;
    }
}
