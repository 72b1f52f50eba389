using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Shortener.Worker.Imports;

/// <param name="Processed">Rows already imported by earlier attempts (their batches committed): this attempt starts after them.</param>
public sealed record ImportJobRef(Guid Id, long? OwnerId, string Format, int Attempt, int Processed, int Reported);

/// <summary>
/// The imports table as a queue, as exports are: the oldest pending job, or a running one whose lease ran out, is taken
/// with FOR UPDATE SKIP LOCKED; a job that used its attempts fails.
/// </summary>
public sealed class ImportClaims(NpgsqlDataSource db, IOptions<ImportOptions> options)
{
    private const string ClaimSql = """
        WITH gave_up AS (
            UPDATE imports SET status = 'failed', finished_at = now(), lease_until = NULL,
                   error = coalesce(error, 'The worker running it stopped') || ' (gave up after ' || attempts || ' attempts)'
            WHERE status = 'running' AND lease_until < now() AND attempts >= @maxAttempts
        )
        UPDATE imports i SET status = 'running', attempts = i.attempts + 1, started_at = coalesce(i.started_at, now()),
                             lease_until = now() + @lease
        WHERE i.id = (
            SELECT id FROM imports
            WHERE status = 'pending' OR (status = 'running' AND lease_until < now() AND attempts < @maxAttempts)
            ORDER BY requested_at LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING i.id AS Id, i.owner_id AS OwnerId, i.format AS Format, i.attempts AS Attempt, i.processed_rows AS Processed,
                  (SELECT count(*)::int FROM import_rows r WHERE r.import_id = i.id) AS Reported
        """;

    public async Task<ImportJobRef?> ClaimAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<ImportJobRef>(new CommandDefinition(ClaimSql,
            new { options.Value.MaxAttempts, lease = options.Value.Lease }, cancellationToken: ct));
    }

    /// <summary>Ends the attempt: done, retried later, or failed for good (<paramref name="final"/>, or out of attempts).</summary>
    public async Task FinishAsync(ImportJobRef job, string? error, bool final, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE imports SET
                status = CASE WHEN @error IS NULL THEN 'done' WHEN @final OR attempts >= @maxAttempts THEN 'failed' ELSE 'pending' END,
                finished_at = CASE WHEN @error IS NULL OR @final OR attempts >= @maxAttempts THEN now() END,
                lease_until = NULL, error = @error
            WHERE id = @Id AND attempts = @Attempt AND status = 'running'
            """, new { job.Id, job.Attempt, error, final, options.Value.MaxAttempts }, cancellationToken: ct));
    }
}
