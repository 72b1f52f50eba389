using Npgsql;
using NpgsqlTypes;
using Shortener.Core.Clicks;
using Shortener.Core.Enrichment;
using Shortener.Core.Links.Routing;
using Shortener.Worker.Pipeline;
using Shortener.Worker.Webhooks;

namespace Shortener.Worker.Clicks;

/// <summary>
/// Enriches and stores a batch of clicks in one transaction, exactly once (<see cref="IdempotentCopy"/>). The raw IP is
/// used for the country and the visitor hash and never written.
/// Each click is enriched just before its row is sent, so PostgreSQL takes in the rows already sent while the next ones
/// are enriched (the two processes use two cores instead of taking turns), and an enriched click lives no longer than
/// its row. Enrichment is deterministic, so a batch written twice (the fallback for repeats) gets the same rows.
/// What was inserted is handed back in <see cref="StoredClicks"/> once the transaction has committed, for the handlers
/// that act on stored clicks (the enriched values are kept as they are, so this costs a slot per click, no copies).
/// The link.clicked webhooks of the clicks inserted are queued in the same transaction (<see cref="ClickFanout"/>).
/// </summary>
public sealed class ClickWriter(NpgsqlDataSource db, ClickEnricher enricher)
{
    private static readonly IdempotentCopy s_copy = new("clicks",
        "event_id, link_id, occurred_at, country, referrer, referrer_host, user_agent, browser, os, device_type, is_bot, visitor_hash, " +
        "rule, variant, utm_source, utm_medium, utm_campaign");

    /// <param name="mayBeStored">The batch was delivered before, so some rows are probably stored already.</param>
    /// <param name="stored">Gets the rows that were new, after the commit; nothing when the write fails.</param>
    /// <returns>How many rows were new.</returns>
    public async Task<int> WriteAsync(IReadOnlyList<ClickEvent> clicks, bool mayBeStored, StoredClicks stored, Func<Task>? beforeCommit,
        CancellationToken ct)
    {
        var mark = stored.Count;
        try
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            var outcome = await s_copy.WriteAsync(conn, clicks, (copy, raw, c) => WriteRowAsync(copy, raw, stored, c), mayBeStored,
                async (conn, tx, c) => await ClickFanout.QueueAsync(conn, tx, c), beforeCommit, () => stored.Truncate(mark), ct);
            if (outcome.Inserted is { } inserted) stored.KeepInserted(mark, inserted);
            return outcome.Count;
        }
        catch
        {
            stored.Truncate(mark);
            throw;
        }
    }

    private async Task WriteRowAsync(NpgsqlBinaryImporter copy, ClickEvent raw, StoredClicks stored, CancellationToken ct)
    {
        var click = enricher.Enrich(raw);
        stored.Add(click);
        await copy.WriteAsync(click.EventId, NpgsqlDbType.Uuid, ct);
        await copy.WriteAsync(click.LinkId, NpgsqlDbType.Bigint, ct);
        await copy.WriteAsync(click.OccurredAt.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
        await IdempotentCopy.WriteTextAsync(copy, click.Country, ct);
        await IdempotentCopy.WriteTextAsync(copy, click.Referrer, ct);
        await IdempotentCopy.WriteTextAsync(copy, click.ReferrerHost, ct);
        await IdempotentCopy.WriteTextAsync(copy, click.UserAgent, ct);
        await IdempotentCopy.WriteTextAsync(copy, click.Browser, ct);
        await IdempotentCopy.WriteTextAsync(copy, click.Os, ct);
        await IdempotentCopy.WriteTextAsync(copy, click.DeviceType, ct);
        await copy.WriteAsync(click.IsBot, NpgsqlDbType.Boolean, ct);
        await copy.WriteAsync(click.VisitorHash, NpgsqlDbType.Bytea, ct);
        await WriteChoiceAsync(copy, click.Choice, ct);
    }

    /// <summary>Most clicks chose nothing (a link without routing): five NULLs.</summary>
    private static async Task WriteChoiceAsync(NpgsqlBinaryImporter copy, ClickChoice? choice, CancellationToken ct)
    {
        if (choice?.Rule is { } rule) await copy.WriteAsync((short)rule, NpgsqlDbType.Smallint, ct);
        else await copy.WriteNullAsync(ct);
        if (choice?.Variant is { } variant) await copy.WriteAsync((short)variant, NpgsqlDbType.Smallint, ct);
        else await copy.WriteNullAsync(ct);
        await IdempotentCopy.WriteTextAsync(copy, choice?.UtmSource, ct);
        await IdempotentCopy.WriteTextAsync(copy, choice?.UtmMedium, ct);
        await IdempotentCopy.WriteTextAsync(copy, choice?.UtmCampaign, ct);
    }
}
