using Npgsql;
using NpgsqlTypes;
using Shortener.Core.Clicks;
using Shortener.Core.Enrichment;
using Shortener.Core.Links.Routing;
using Shortener.Worker.Webhooks;

namespace Shortener.Worker.Clicks;

/// <summary>
/// Enriches and stores a batch of clicks in one transaction. First deliveries are binary-COPied straight into clicks;
/// when that meets an event id already stored (a redelivery, or a pack the api sent twice), and for batches delivered
/// before, the batch goes through a temporary staging table and INSERT … ON CONFLICT DO NOTHING, so a repeat changes
/// nothing. The raw IP is used for the country and the visitor hash and never written.
/// Each click is enriched just before its row is sent, so PostgreSQL takes in the rows already sent while the next ones
/// are enriched (the two processes use two cores instead of taking turns), and an enriched click lives no longer than
/// its row. Enrichment is deterministic, so a batch written twice (the fallback below) gets the same rows.
/// What was inserted is handed back in <see cref="StoredClicks"/> once the transaction has committed, for the handlers
/// that act on stored clicks (the enriched values are kept as they are, so this costs a slot per click, no copies).
/// The link.clicked webhooks of the clicks inserted are queued in the same transaction (<see cref="ClickFanout"/>).
/// </summary>
public sealed class ClickWriter(NpgsqlDataSource db, ClickEnricher enricher)
{
    private const string Columns = "event_id, link_id, occurred_at, country, referrer, referrer_host, user_agent, browser, os, device_type, is_bot, visitor_hash, " +
        "rule, variant, utm_source, utm_medium, utm_campaign";

    private const string StagingSql = """
        CREATE TEMP TABLE IF NOT EXISTS clicks_staging (LIKE clicks INCLUDING DEFAULTS) ON COMMIT DELETE ROWS
        """;

    // The ids of the rows that were new, so that only those are handed on.
    private const string InsertSql = $"""
        INSERT INTO clicks ({Columns}) SELECT {Columns} FROM clicks_staging ON CONFLICT DO NOTHING RETURNING event_id
        """;

    /// <param name="mayBeStored">The batch was delivered before, so some rows are probably stored already.</param>
    /// <param name="stored">Gets the rows that were new, after the commit; nothing when the write fails.</param>
    /// <returns>How many rows were new.</returns>
    public async Task<int> WriteAsync(IReadOnlyList<ClickEvent> clicks, bool mayBeStored, StoredClicks stored, Func<Task>? beforeCommit,
        CancellationToken ct)
    {
        var mark = stored.Count;
        try
        {
            return await WriteAsync(clicks, mayBeStored, stored, mark, beforeCommit, ct);
        }
        catch
        {
            stored.Truncate(mark);
            throw;
        }
    }

    private async Task<int> WriteAsync(IReadOnlyList<ClickEvent> clicks, bool mayBeStored, StoredClicks stored, int mark, Func<Task>? beforeCommit,
        CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!mayBeStored)
        {
            try
            {
                await using var tx = await conn.BeginTransactionAsync(ct);
                await CopyAsync(conn, "clicks", clicks, stored, ct);
                await ClickFanout.QueueAsync(conn, tx, ct);
                if (beforeCommit is not null) await beforeCommit();
                await tx.CommitAsync(ct);
                return clicks.Count;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // Some were stored before: fall through to the path that skips them.
                stored.Truncate(mark);
            }
        }
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await using (var staging = new NpgsqlCommand(StagingSql, conn, tx)) await staging.ExecuteNonQueryAsync(ct);
            await CopyAsync(conn, "clicks_staging", clicks, stored, ct);
            var inserted = new HashSet<Guid>();
            await using (var insert = new NpgsqlCommand(InsertSql, conn, tx))
            await using (var rows = await insert.ExecuteReaderAsync(ct))
                while (await rows.ReadAsync(ct)) inserted.Add(rows.GetGuid(0));
            await ClickFanout.QueueAsync(conn, tx, ct);
            if (beforeCommit is not null) await beforeCommit();
            await tx.CommitAsync(ct);
            var count = inserted.Count;
            stored.KeepInserted(mark, inserted);
            return count;
        }
    }

    private async Task CopyAsync(NpgsqlConnection conn, string table, IReadOnlyList<ClickEvent> clicks, StoredClicks stored, CancellationToken ct)
    {
        await using var copy = await conn.BeginBinaryImportAsync($"COPY {table} ({Columns}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var raw in clicks)
        {
            var click = enricher.Enrich(raw);
            stored.Add(click);
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
            await WriteChoiceAsync(copy, click.Choice, ct);
        }
        await copy.CompleteAsync(ct);
    }

    /// <summary>Most clicks chose nothing (a link without routing): five NULLs.</summary>
    private static async Task WriteChoiceAsync(NpgsqlBinaryImporter copy, ClickChoice? choice, CancellationToken ct)
    {
        await WriteIndexAsync(copy, choice?.Rule, ct);
        await WriteIndexAsync(copy, choice?.Variant, ct);
        await WriteTextAsync(copy, choice?.UtmSource, ct);
        await WriteTextAsync(copy, choice?.UtmMedium, ct);
        await WriteTextAsync(copy, choice?.UtmCampaign, ct);
    }

    private static async Task WriteIndexAsync(NpgsqlBinaryImporter copy, int? index, CancellationToken ct)
    {
        if (index is { } i) await copy.WriteAsync((short)i, NpgsqlDbType.Smallint, ct);
        else await copy.WriteNullAsync(ct);
    }

    private static async Task WriteTextAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken ct)
    {
        if (value is null) await copy.WriteNullAsync(ct);
        else await copy.WriteAsync(value, NpgsqlDbType.Text, ct);
    }
}
