using System.Data;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Shortener.Core.Exports;

namespace Shortener.Api.Exports;

/// <summary>Export jobs as the api sees them: it files them, reports on them, and streams the finished CSV out of PostgreSQL.</summary>
public sealed class ExportStore(NpgsqlDataSource db, TimeProvider time, IOptions<ExportRetentionOptions> retention)
{
    private const string Columns = """
        e.id AS Id, e.link_id AS LinkId, l.slug AS Slug, l.owner_id AS OwnerId, e.status AS Status, e.requested_at AS RequestedAt,
        e.started_at AS StartedAt, e.finished_at AS FinishedAt, e.done_attempt AS DoneAttempt, e.row_count AS RowCount,
        e.byte_count AS ByteCount, e.error AS Error,
        e.status = 'expired' OR (e.status = 'done' AND e.finished_at < now() - @retention) AS Expired
        """;

    public async Task<Guid> CreateAsync(long linkId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("INSERT INTO exports (id, link_id, requested_at) VALUES (@id, @linkId, @now)",
            new { id, linkId, now }, cancellationToken: ct));
        return id;
    }

    public async Task<ExportRow?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<ExportRow>(new CommandDefinition(
            $"SELECT {Columns} FROM exports e JOIN links l ON l.id = e.link_id WHERE e.id = @id", new { id, retention = retention.Value.Retention },
            cancellationToken: ct));
    }

    /// <summary>Copies the finished file to <paramref name="destination"/> one stored chunk at a time.</summary>
    public async Task CopyToAsync(ExportRow export, Stream destination, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT data FROM export_chunks WHERE export_id = @id AND attempt = @attempt ORDER BY seq", conn);
        command.Parameters.AddWithValue("id", export.Id);
        command.Parameters.AddWithValue("attempt", export.DoneAttempt!.Value);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
        while (await reader.ReadAsync(ct))
        {
            await using var chunk = await reader.GetStreamAsync(0, ct);
            await chunk.CopyToAsync(destination, ct);
        }
    }
}
