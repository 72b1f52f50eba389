using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Shortener.Worker.Exports;

public sealed record ExportJobRef(Guid Id, long LinkId, int Attempt);

/// <summary>
/// The exports table as a queue: a claim takes the oldest pending job (or one whose worker's lease ran out) with
/// FOR UPDATE SKIP LOCKED, so workers never take the same job at once and never wait on each other.
/// </summary>
public sealed class ExportClaims(NpgsqlDataSource db, IOptions<ExportOptions> options)
{
    private const string GiveUpSql = """
        UPDATE exports SET status = 'failed', finished_at = now(), lease_until = NULL,
               error = coalesce(error, 'The worker running it stopped') || ' (gave up after ' || attempts || ' attempts)'
        WHERE status = 'running' AND lease_until < now() AND attempts >= @maxAttempts
        """;

    private const string ClaimSql = """
        UPDATE exports e SET status = 'running', attempts = e.attempts + 1, started_at = now(), lease_until = now() + @lease
        WHERE e.id = (
            SELECT id FROM exports
            WHERE status = 'pending' OR (status = 'running' AND lease_until < now())
            ORDER BY requested_at
            LIMIT 1
            FOR UPDATE SKIP LOCKED)
        RETURNING e.id AS Id, e.link_id AS LinkId, e.attempts AS Attempt
        """;

    // Only the attempt that holds the job may hand it back; a later attempt that took it over is left alone.
    private const string ReleaseSql = """
        UPDATE exports SET status = CASE WHEN @failed AND attempts >= @maxAttempts THEN 'failed' ELSE 'pending' END,
               finished_at = CASE WHEN @failed AND attempts >= @maxAttempts THEN now() END,
               lease_until = NULL, error = @error
        WHERE id = @Id AND attempts = @Attempt AND status = 'running'
        """;

    public async Task<ExportJobRef?> ClaimAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(GiveUpSql, new { options.Value.MaxAttempts }, cancellationToken: ct));
        return await conn.QuerySingleOrDefaultAsync<ExportJobRef>(new CommandDefinition(ClaimSql, new { lease = options.Value.Lease }, cancellationToken: ct));
    }

    /// <summary>Hands a job back: to be retried, or failed for good once it has used its attempts.</summary>
    public async Task ReleaseAsync(ExportJobRef job, string? error, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(ReleaseSql,
            new { job.Id, job.Attempt, failed = error is not null, error, options.Value.MaxAttempts }, cancellationToken: ct));
    }
}
