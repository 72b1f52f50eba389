using Dapper;
using Npgsql;

namespace Shortener.Api.Imports;

/// <summary>Import jobs as the api sees them: it files them with their file, and reports their progress.</summary>
public sealed class ImportStore(NpgsqlDataSource db, TimeProvider time)
{
    public async Task<Guid> CreateAsync(long? ownerId, string format, string? fileName, byte[] file, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            WITH job AS (
                INSERT INTO imports (id, owner_id, format, file_name, file_bytes, requested_at)
                VALUES (@id, @ownerId, @format, @fileName, @bytes, @now) RETURNING id
            )
            INSERT INTO import_files (import_id, data) SELECT id, @file FROM job
            """, new { id, ownerId, format, fileName, bytes = (long)file.Length, now, file }, cancellationToken: ct));
        return id;
    }

    public async Task<(ImportRow Job, List<ImportRowReport> Skipped, List<ImportRowReport> Failed)?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var job = await conn.QuerySingleOrDefaultAsync<ImportRow>(new CommandDefinition("""
            SELECT id AS Id, owner_id AS OwnerId, format AS Format, file_name AS FileName, status AS Status, requested_at AS RequestedAt,
                   started_at AS StartedAt, finished_at AS FinishedAt, total_rows AS TotalRows, processed_rows AS ProcessedRows,
                   created AS Created, skipped AS Skipped, failed AS Failed, error AS Error
            FROM imports WHERE id = @id
            """, new { id }, cancellationToken: ct));
        if (job is null) return null;
        var rows = (await conn.QueryAsync<(int Row, string Outcome, string? Slug, string Reason)>(new CommandDefinition(
            "SELECT row_number, outcome, slug, reason FROM import_rows WHERE import_id = @id ORDER BY row_number", new { id },
            cancellationToken: ct))).AsList();
        return (job, [.. rows.Where(r => r.Outcome == "skipped").Select(r => new ImportRowReport(r.Row, r.Slug, r.Reason))],
            [.. rows.Where(r => r.Outcome == "failed").Select(r => new ImportRowReport(r.Row, r.Slug, r.Reason))]);
    }
}
