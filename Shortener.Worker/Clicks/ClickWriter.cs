using Npgsql;
using NpgsqlTypes;
using Shortener.Core.Clicks;
using Shortener.Core.Enrichment;

namespace Shortener.Worker.Clicks;

/// <summary>
/// Enriches and stores a batch of clicks in one transaction: binary COPY into a temporary staging table, then one
/// INSERT … ON CONFLICT DO NOTHING, so a batch delivered again (after a crash between commit and XACK) changes nothing.
/// The raw IP is used for the country and the visitor hash and never written.
/// </summary>
public sealed class ClickWriter(NpgsqlDataSource db, ClickEnricher enricher)
{
    private const string StagingSql = """
        CREATE TEMP TABLE IF NOT EXISTS clicks_staging (LIKE clicks INCLUDING DEFAULTS) ON COMMIT DELETE ROWS
        """;

    private const string CopySql = """
        COPY clicks_staging (event_id, link_id, occurred_at, country, referrer, referrer_host, user_agent, browser, os, device_type, is_bot, visitor_hash)
        FROM STDIN (FORMAT BINARY)
        """;

    private const string InsertSql = """
        INSERT INTO clicks SELECT * FROM clicks_staging ON CONFLICT DO NOTHING
        """;

    /// <returns>How many rows were new.</returns>
    public async Task<int> WriteAsync(IReadOnlyList<ClickEvent> clicks, Func<Task>? beforeCommit, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var staging = new NpgsqlCommand(StagingSql, conn, tx)) await staging.ExecuteNonQueryAsync(ct);
        await using (var copy = await conn.BeginBinaryImportAsync(CopySql, ct))
        {
            foreach (var click in clicks.Select(enricher.Enrich))
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(click.EventId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(click.LinkId, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(click.OccurredAt.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
                await WriteTextAsync(copy, click.Country, ct);
                await WriteTextAsync(copy, click.Referrer, ct);
                await WriteTextAsync(copy, click.ReferrerHost, ct);
                await WriteTextAsync(copy, click.UserAgent, ct);
                await WriteTextAsync(copy, click.Browser, ct);
                await WriteTextAsync(copy, click.Os, ct);
                await WriteTextAsync(copy, click.DeviceType, ct);
                await copy.WriteAsync(click.IsBot, NpgsqlDbType.Boolean, ct);
                await copy.WriteAsync(click.VisitorHash, NpgsqlDbType.Bytea, ct);
            }
            await copy.CompleteAsync(ct);
        }
        int inserted;
        await using (var insert = new NpgsqlCommand(InsertSql, conn, tx)) inserted = await insert.ExecuteNonQueryAsync(ct);
        if (beforeCommit is not null) await beforeCommit();
        await tx.CommitAsync(ct);
        return inserted;
    }

    private static async Task WriteTextAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken ct)
    {
        if (value is null) await copy.WriteNullAsync(ct);
        else await copy.WriteAsync(value, NpgsqlDbType.Text, ct);
    }
}
