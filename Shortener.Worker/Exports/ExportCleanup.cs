using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Shortener.Core.Exports;

namespace Shortener.Worker.Exports;

/// <summary>Deletes the files of exports finished longer ago than the retention and marks their jobs expired, in one transaction.</summary>
public sealed class ExportCleanup(NpgsqlDataSource db, IOptions<ExportRetentionOptions> retention)
{
    // The database's clock, as for finished_at itself; any number of workers may run this at once.
    private const string ExpireSql = """
        WITH expired AS (
            UPDATE exports SET status = 'expired'
            WHERE status = 'done' AND finished_at < now() - @retention
            RETURNING id
        )
        DELETE FROM export_chunks WHERE export_id IN (SELECT id FROM expired)
        """;

    /// <returns>How many chunks were deleted.</returns>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(ExpireSql, new { retention = retention.Value.Retention }, cancellationToken: ct));
    }
}
