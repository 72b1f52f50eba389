using System.Diagnostics;
using Npgsql;
using Shortener.Core.Streams;
using Shortener.Worker.Clicks;
using StackExchange.Redis;

namespace Shortener.Worker.Pipeline;

/// <summary>
/// Handles one batch of a pipeline (clicks, site events) read from its group, in parts of about BatchMessages messages:
/// dead-letters what can never be stored (unreadable entries, entries delivered too often, rows PostgreSQL rejects as
/// data), stores the rest of a part in one transaction, then does what follows the commit and XACKs and deletes its
/// entries, in one round trip. A poison row never holds back its batch: a part PostgreSQL rejects as data is split
/// until the bad row stands alone. Anything else (an outage) propagates, the part and the parts after it are not
/// acknowledged, and they are read again.
/// </summary>
public abstract class StreamBatchProcessor<T>(StreamPipeline pipeline, IStreamCodec<T> codec, DeadLetters<T> deadLetters, WorkerMetrics metrics,
    StreamConsumerOptions options, ChaosOptions chaos, TimeProvider time)
{
    protected WorkerMetrics Metrics => metrics;
    protected ChaosOptions ChaosSwitches => chaos;

    /// <summary>Handles an entry that is not a message (a ping); true when it did.</summary>
    protected virtual Task<bool> HandleControlAsync(IDatabase db, string consumer, StreamEntry entry) => Task.FromResult(false);

    /// <summary>Throws to fail the batch when a test switch says these messages must (see <see cref="ChaosOptions"/>).</summary>
    protected virtual void CheckPoison(IEnumerable<T> messages)
    {
    }

    /// <summary>Where one part is stored.</summary>
    protected abstract IBatchPart<T> BeginPart(int count);

    /// <summary>The span of one part's store.</summary>
    protected abstract Activity? StartBatchActivity(IEnumerable<T> messages);

    /// <summary>
    /// Stores the entries of one read in transactions of about BatchMessages messages (whole entries each, at least one),
    /// each acknowledged after its own commit. The consumer sizes its reads to hold about that many messages, but cannot
    /// know an entry's size before reading it: after a quiet spell of small entries, one read may bring BatchSize
    /// full packs, and this keeps that from becoming one transaction of 128,000 messages, decoded all at once.
    /// </summary>
    /// <param name="redelivered">The entries were read before (our pending list, or claimed from another consumer).</param>
    /// <returns>How many messages the entries held (stored, or found stored already).</returns>
    public async Task<int> ProcessAsync(IDatabase db, string consumer, StreamEntry[] entries, bool redelivered, CancellationToken ct)
    {
        var messages = 0;
        foreach (var part in StreamEntryParts.Split(entries, options.BatchMessages, codec.CountIn)) messages += await ProcessPartAsync(db, consumer, part, redelivered, ct);
        return messages;
    }

    private async Task<int> ProcessPartAsync(IDatabase db, string consumer, StreamEntry[] entries, bool redelivered, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var failures = redelivered ? await FailuresAsync(db, entries) : [];
        var messages = new List<(StreamEntry Entry, T Message)>(entries.Length);
        foreach (var entry in entries)
        {
            if (entry.IsNull) continue; // deleted while pending: nothing to store
            if (await HandleControlAsync(db, consumer, entry)) continue;
            List<T> read;
            try
            {
                read = codec.Read(entry);
            }
            catch (FormatException e)
            {
                await deadLetters.MoveAsync(db, entry, e.Message);
                continue;
            }
            if (failures.TryGetValue(entry.Id, out var failed) && failed.Count >= options.MaxDeliveries)
            {
                foreach (var message in read) await deadLetters.MoveAsync(db, message, entry.Id, $"failed {failed.Count} times; last error: {failed.Error}");
                continue;
            }
            messages.AddRange(read.Select(c => (entry, c)));
        }

        CheckPoison(messages.Select(c => c.Message));

        using var activity = StartBatchActivity(messages.Select(c => c.Message));
        using var stored = BeginPart(messages.Count);
        var failure = NextChaos();
        try
        {
            await StoreAsync(db, messages, redelivered, stored, failure == Chaos.BeforeCommit, ct);
            if (failure == Chaos.AfterCommit) throw new ChaosException("after commit, before XACK");
        }
        catch
        {
            metrics.BatchFailed(messages.Count);
            throw;
        }

        var ids = entries.Select(e => e.Id).ToArray();
        // Only this group reads the stream, so an acknowledged entry is no longer needed by anyone. The handlers' commands,
        // XACK and XDEL go out together on one connection (one round trip) and Redis runs them in order. All follow the
        // commit, so losing any loses no message: without the XACK the batch is read again (stored rows are skipped, and not
        // handed on again; deleted entries read as empty), without the XDEL an acknowledged entry is left in the stream.
        var ack = db.CreateBatch();
        var handled = stored.OnCommittedAsync(ack);
        var acknowledged = ack.StreamAcknowledgeAsync(pipeline.Key, pipeline.ConsumerGroup, ids);
        var deleted = ack.StreamDeleteAsync(pipeline.Key, ids);
        ack.Execute();
        try
        {
            await Task.WhenAll(acknowledged, deleted);
        }
        finally
        {
            await handled;
        }
        if (failures.Count > 0)
        {
            var failed = failures.Keys.ToArray();
            await Task.WhenAll(db.HashDeleteAsync(_failureCounts, failed), db.HashDeleteAsync(_failureErrors, failed));
        }
        metrics.BatchStored(messages.Count, time.GetElapsedTime(started), time.GetUtcNow());
        activity?.SetTag("messaging.batch.message_count", messages.Count);
        return messages.Count;
    }

    private async Task StoreAsync(IDatabase db, List<(StreamEntry Entry, T Message)> messages, bool redelivered, IBatchPart<T> stored,
        bool failBeforeCommit, CancellationToken ct)
    {
        if (messages.Count == 0) return;
        try
        {
            await stored.WriteAsync(messages.Select(c => c.Message).ToList(), redelivered,
                failBeforeCommit ? () => throw new ChaosException("before commit") : null, ct);
        }
        catch (PostgresException e) when (IsBadData(e))
        {
            if (messages.Count == 1)
            {
                await deadLetters.MoveAsync(db, messages[0].Message, messages[0].Entry.Id, $"PostgreSQL rejected the row: {e.SqlState} {e.MessageText}");
                return;
            }
            var half = messages.Count / 2;
            await StoreAsync(db, messages[..half], redelivered, stored, false, ct);
            await StoreAsync(db, messages[half..], redelivered, stored, false, ct);
        }
    }

    /// <summary>Class 22 (data exception) and 23 (integrity): the row itself is wrong and will never be stored.</summary>
    private static bool IsBadData(PostgresException e) => e.SqlState.StartsWith("22", StringComparison.Ordinal) || e.SqlState.StartsWith("23", StringComparison.Ordinal);

    // Per entry id: how often a batch holding it failed for a reason other than an outage, and the last such error.
    private readonly RedisKey _failureCounts = pipeline.FailureCounts;
    private readonly RedisKey _failureErrors = pipeline.FailureErrors;

    /// <summary>Counts a failure against every entry of the batch (the consumer calls this unless the failure was an outage).</summary>
    public async Task RecordFailureAsync(IDatabase db, StreamEntry[] entries, string error)
    {
        if (entries.Length == 0) return;
        var batch = db.CreateBatch();
        var writes = entries.SelectMany(e => new Task[]
        {
            batch.HashIncrementAsync(_failureCounts, e.Id),
            batch.HashSetAsync(_failureErrors, e.Id, error.Length > 300 ? error[..300] : error),
        }).ToList();
        batch.Execute();
        await Task.WhenAll(writes);
    }

    private async Task<Dictionary<RedisValue, (int Count, string? Error)>> FailuresAsync(IDatabase db, StreamEntry[] entries)
    {
        var ids = entries.Select(e => e.Id).ToArray();
        var counts = db.HashGetAsync(_failureCounts, ids);
        var errors = db.HashGetAsync(_failureErrors, ids);
        await Task.WhenAll(counts, errors);
        var result = new Dictionary<RedisValue, (int, string?)>();
        for (var i = 0; i < ids.Length; i++)
            if (counts.Result[i].TryParse(out int n)) result[ids[i]] = (n, errors.Result[i]);
        return result;
    }

    private enum Chaos { None, BeforeCommit, AfterCommit }

    private Chaos NextChaos()
    {
        var rate = chaos.BatchFailureRate;
        if (rate <= 0 || Random.Shared.NextDouble() >= rate) return Chaos.None;
        return Random.Shared.Next(2) == 0 ? Chaos.BeforeCommit : Chaos.AfterCommit;
    }
}

/// <summary>The worker's spans.</summary>
public static class WorkerActivities
{
    public static readonly ActivitySource Source = new("Shortener.Worker");
}

public sealed class ChaosException(string where) : Exception($"Chaos: batch failed on purpose {where}.");
