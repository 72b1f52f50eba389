using System.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;
using Shortener.Core.Clicks;
using Shortener.Worker.Clicks;
using StackExchange.Redis;

namespace Shortener.Worker.Services;

/// <summary>
/// Handles one batch read from the group, in parts of about BatchClicks clicks: answers pings, dead-letters what can
/// never be stored (unreadable entries, entries delivered too often, rows PostgreSQL rejects as data), stores the rest
/// of a part in one transaction, then hands the clicks it inserted to the <see cref="ICommittedClicksHandler"/>s and
/// XACKs and deletes its entries, in one round trip. A poison row never holds back its batch: a part
/// PostgreSQL rejects as data is split until the bad row stands alone. Anything else (an outage) propagates, the
/// part and the parts after it are not acknowledged, and they are read again.
/// </summary>
public sealed class ClickBatchProcessor(ClickWriter writer, DeadLetters deadLetters, WorkerMetrics metrics,
    IEnumerable<ICommittedClicksHandler> committedHandlers, IOptions<ClickConsumerOptions> options, IOptions<ChaosOptions> chaos,
    TimeProvider time, ILogger<ClickBatchProcessor> logger)
{
    private readonly ICommittedClicksHandler[] _committedHandlers = [.. committedHandlers];

    public static readonly ActivitySource Activities = new("Shortener.Worker");

    /// <summary>
    /// Stores the entries of one read in transactions of about BatchClicks clicks (whole entries each, at least one),
    /// each acknowledged after its own commit. The consumer sizes its reads to hold about that many clicks, but cannot
    /// know an entry's size before reading it: after a quiet spell of small entries, one read may bring BatchSize
    /// full packs, and this keeps that from becoming one transaction of 128,000 clicks, decoded all at once.
    /// </summary>
    /// <param name="redelivered">The entries were read before (our pending list, or claimed from another consumer).</param>
    /// <returns>How many clicks the entries held (stored, or found stored already).</returns>
    public async Task<int> ProcessAsync(IDatabase db, string consumer, StreamEntry[] entries, bool redelivered, CancellationToken ct)
    {
        var clicks = 0;
        foreach (var part in ClickEntryParts.Split(entries, options.Value.BatchClicks)) clicks += await ProcessPartAsync(db, consumer, part, redelivered, ct);
        return clicks;
    }

    private async Task<int> ProcessPartAsync(IDatabase db, string consumer, StreamEntry[] entries, bool redelivered, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var failures = redelivered ? await FailuresAsync(db, entries) : [];
        var clicks = new List<(StreamEntry Entry, ClickEvent Click)>(entries.Length);
        foreach (var entry in entries)
        {
            if (entry.IsNull) continue; // deleted while pending: nothing to store
            if (StreamFields.Get(entry.Values, WorkerStatusKeys.PingFieldUtf8) is { IsNull: false } ping)
            {
                await db.StringSetAsync(WorkerStatusKeys.Pong(ping!), consumer, TimeSpan.FromMinutes(1));
                continue;
            }
            List<ClickEvent> read;
            try
            {
                var pack = StreamFields.Get(entry.Values, ClickPackCodec.FieldUtf8);
                read = pack.IsNull ? [ClickEventCodec.FromEntries(entry.Values)] : ClickPackCodec.Decode(((ReadOnlyMemory<byte>)pack).Span);
            }
            catch (FormatException e)
            {
                await deadLetters.MoveAsync(db, entry, e.Message);
                continue;
            }
            if (failures.TryGetValue(entry.Id, out var failed) && failed.Count >= options.Value.MaxDeliveries)
            {
                foreach (var click in read) await deadLetters.MoveAsync(db, click, entry.Id, $"failed {failed.Count} times; last error: {failed.Error}");
                continue;
            }
            clicks.AddRange(read.Select(c => (entry, c)));
        }

        if (chaos.Value.PoisonLinkId is { } poison && clicks.Any(c => c.Click.LinkId == poison))
            throw new InvalidOperationException($"Chaos: a click of link {poison} fails its batch (test switch).");

        using var activity = StartBatchActivity(clicks.Select(c => c.Click));
        using var stored = new StoredClicks(clicks.Count);
        var failure = NextChaos();
        try
        {
            await StoreAsync(db, clicks, redelivered, stored, failure == Chaos.BeforeCommit, ct);
            if (failure == Chaos.AfterCommit) throw new ChaosException("after commit, before XACK");
        }
        catch
        {
            metrics.BatchFailed(clicks.Count);
            throw;
        }

        var ids = entries.Select(e => e.Id).ToArray();
        // Only this group reads the stream, so an acknowledged entry is no longer needed by anyone. The handlers' commands,
        // XACK and XDEL go out together on one connection (one round trip) and Redis runs them in order. All follow the
        // commit, so losing any loses no click: without the XACK the batch is read again (stored rows are skipped, and not
        // handed on again; deleted entries read as empty), without the XDEL an acknowledged entry is left in the stream.
        var ack = db.CreateBatch();
        Task[] handled = stored.Count == 0 ? [] : [.. _committedHandlers.Select(h => Start(h, ack, stored))];
        var acknowledged = ack.StreamAcknowledgeAsync(ClickStream.Key, ClickStream.ConsumerGroup, ids);
        var deleted = ack.StreamDeleteAsync(ClickStream.Key, ids);
        ack.Execute();
        try
        {
            await Task.WhenAll(acknowledged, deleted);
        }
        finally
        {
            await AwaitHandlersAsync(handled);
        }
        if (failures.Count > 0)
        {
            var failed = failures.Keys.ToArray();
            await Task.WhenAll(db.HashDeleteAsync(FailureCounts, failed), db.HashDeleteAsync(FailureErrors, failed));
        }
        metrics.BatchStored(clicks.Count, time.GetElapsedTime(started), time.GetUtcNow());
        activity?.SetTag("messaging.batch.message_count", clicks.Count);
        return clicks.Count;
    }

    private static Task Start(ICommittedClicksHandler handler, IBatch ack, StoredClicks stored)
    {
        try
        {
            return handler.OnCommittedAsync(ack, stored);
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    /// <summary>The clicks are stored whatever a handler did: its failure is logged and counted, and the batch goes on.</summary>
    private async Task AwaitHandlersAsync(Task[] handled)
    {
        for (var i = 0; i < handled.Length; i++)
        {
            try
            {
                await handled[i];
            }
            catch (Exception e)
            {
                metrics.CommittedHandlerFailed();
                logger.LogWarning(e, "{Handler} failed after a commit; the batch's clicks are stored", _committedHandlers[i].GetType().Name);
            }
        }
    }

    private async Task StoreAsync(IDatabase db, List<(StreamEntry Entry, ClickEvent Click)> clicks, bool redelivered, StoredClicks stored,
        bool failBeforeCommit, CancellationToken ct)
    {
        if (clicks.Count == 0) return;
        try
        {
            await writer.WriteAsync(clicks.Select(c => c.Click).ToList(), redelivered, stored,
                failBeforeCommit ? () => throw new ChaosException("before commit") : null, ct);
        }
        catch (PostgresException e) when (IsBadData(e))
        {
            if (clicks.Count == 1)
            {
                await deadLetters.MoveAsync(db, clicks[0].Click, clicks[0].Entry.Id, $"PostgreSQL rejected the row: {e.SqlState} {e.MessageText}");
                return;
            }
            var half = clicks.Count / 2;
            await StoreAsync(db, clicks[..half], redelivered, stored, false, ct);
            await StoreAsync(db, clicks[half..], redelivered, stored, false, ct);
        }
    }

    /// <summary>Class 22 (data exception) and 23 (integrity): the row itself is wrong and will never be stored.</summary>
    private static bool IsBadData(PostgresException e) => e.SqlState.StartsWith("22", StringComparison.Ordinal) || e.SqlState.StartsWith("23", StringComparison.Ordinal);

    // Per entry id: how often a batch holding it failed for a reason other than an outage, and the last such error.
    private const string FailureCounts = "clicks:failures";
    private const string FailureErrors = "clicks:failures:errors";

    /// <summary>Counts a failure against every entry of the batch (the consumer calls this unless the failure was an outage).</summary>
    public async Task RecordFailureAsync(IDatabase db, StreamEntry[] entries, string error)
    {
        if (entries.Length == 0) return;
        var batch = db.CreateBatch();
        var writes = entries.SelectMany(e => new Task[]
        {
            batch.HashIncrementAsync(FailureCounts, e.Id),
            batch.HashSetAsync(FailureErrors, e.Id, error.Length > 300 ? error[..300] : error),
        }).ToList();
        batch.Execute();
        await Task.WhenAll(writes);
    }

    private static async Task<Dictionary<RedisValue, (int Count, string? Error)>> FailuresAsync(IDatabase db, StreamEntry[] entries)
    {
        var ids = entries.Select(e => e.Id).ToArray();
        var counts = db.HashGetAsync(FailureCounts, ids);
        var errors = db.HashGetAsync(FailureErrors, ids);
        await Task.WhenAll(counts, errors);
        var result = new Dictionary<RedisValue, (int, string?)>();
        for (var i = 0; i < ids.Length; i++)
            if (counts.Result[i].TryParse(out int n)) result[ids[i]] = (n, errors.Result[i]);
        return result;
    }

    /// <summary>One span per batch, child of the redirect's trace when the batch has one click, linked to all of them otherwise.</summary>
    private static Activity? StartBatchActivity(IEnumerable<ClickEvent> clicks)
    {
        var links = clicks.Select(c => ActivityContext.TryParse(c.TraceParent, null, out var ctx) ? ctx : default)
            .Where(ctx => ctx != default).Take(128).Select(ctx => new ActivityLink(ctx)).ToList();
        var parent = links.Count == 1 ? links[0].Context : default;
        var activity = Activities.StartActivity("clicks.store", ActivityKind.Consumer, parent, links: links.Count > 1 ? links : null);
        activity?.SetTag("messaging.system", "redis");
        activity?.SetTag("messaging.destination.name", ClickStream.Key);
        return activity;
    }

    private enum Chaos { None, BeforeCommit, AfterCommit }

    private Chaos NextChaos()
    {
        var rate = chaos.Value.BatchFailureRate;
        if (rate <= 0 || Random.Shared.NextDouble() >= rate) return Chaos.None;
        return Random.Shared.Next(2) == 0 ? Chaos.BeforeCommit : Chaos.AfterCommit;
    }
}

public sealed class ChaosException(string where) : Exception($"Chaos: batch failed on purpose {where}.");
