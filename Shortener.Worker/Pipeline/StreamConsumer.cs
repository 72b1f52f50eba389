using Npgsql;
using Shortener.Core.Streams;
using Shortener.Worker.Services;
using StackExchange.Redis;

namespace Shortener.Worker.Pipeline;

/// <summary>
/// Drains a pipeline's stream (clicks:stream, events:stream) through its group; what follows says clicks. New entries are
/// read with '>', about BatchMessages messages at a
/// time, and the next read is already under way while a batch is stored (each batch is still acknowledged only after
/// its own commit; the order of acknowledgements does not matter to anyone). After a failure the batch
/// stays pending with this consumer and is read again from the pending list after a backoff with jitter. Entries
/// left pending by a consumer that died are claimed (XAUTOCLAIM) once idle past ClaimIdleTime.
/// </summary>
public abstract class StreamConsumer<T>(IConnectionMultiplexer redis, StreamSetup stream, StreamBatchProcessor<T> processor,
    ConsumerHeartbeat heartbeat, StreamConsumerOptions options, TimeProvider time, ILogger logger) : BackgroundService
{
    private readonly StreamPipeline _pipeline = stream.Pipeline;

    private DateTimeOffset _nextClaim;

    // Clicks per entry in the last full read of new entries (packs hold up to 128, old entries one): sizes the next read
    // so a batch holds about BatchClicks clicks. Only a read that came back full (a backlog) teaches it: when the
    // worker keeps up, a quiet stream holds one-click entries (an api flush of a single click), and learning from them
    // would make the first read of the next backlog BatchSize full packs. It starts at the api's default pack size
    // for the same reason; a backlog of one-click entries is recognised after its first batch.
    private double _clicksPerEntry = 128;

    public string Consumer { get; } = options.ConsumerName ?? StreamConsumerOptions.ProcessConsumerName;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options;
        await RetryAsync(stream.EnsureAsync, stoppingToken);
        logger.LogInformation("Consuming {Stream} as {Consumer} in group {Group}", _pipeline.Key, Consumer, _pipeline.ConsumerGroup);
        var readOwnPending = true;
        var isolating = false;
        var failures = 0;
        ReadAhead? readAhead = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            heartbeat.Beat();
            StreamEntry[] batch = [];
            try
            {
                var db = redis.GetDatabase();
                var redelivered = readOwnPending;
                StreamEntry[] entries;
                int requested;
                if (readAhead is not null)
                {
                    (entries, requested) = (await readAhead.Entries, readAhead.Count);
                    readAhead = null;
                }
                else
                {
                    requested = isolating ? 1 : ReadCount();
                    entries = await db.StreamReadGroupAsync(_pipeline.Key, _pipeline.ConsumerGroup, Consumer,
                        readOwnPending ? StreamPosition.Beginning : StreamPosition.NewMessages, requested);
                }
                if (entries.Length == 0 && readOwnPending)
                {
                    readOwnPending = isolating = false;
                    continue;
                }
                if (entries.Length == 0)
                {
                    entries = await ClaimAbandonedAsync(db);
                    redelivered = true;
                }
                if (entries.Length == 0)
                {
                    await Task.Delay(o.IdlePoll, time, stoppingToken);
                    continue;
                }
                batch = entries;
                // The next new entries are read while this batch is stored, so the round trip and the transfer overlap the
                // write. They are ours once read: if this batch fails, they stay pending with us and are read again with it.
                if (!readOwnPending)
                {
                    var count = ReadCount();
                    readAhead = new ReadAhead(db.StreamReadGroupAsync(_pipeline.Key, _pipeline.ConsumerGroup, Consumer,
                        StreamPosition.NewMessages, count), count);
                }
                var clicks = await processor.ProcessAsync(db, Consumer, entries, redelivered, stoppingToken);
                if (!redelivered && entries.Length == requested) Learn(entries.Length, clicks);
                failures = 0;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Nothing was acknowledged: the batch stays pending with us and is read again after the backoff, and so do
                // the entries read ahead, which are dropped here unread.
                await ForgetAsync(readAhead);
                readAhead = null;
                readOwnPending = true;
                // Redis came back without the group (its data was lost or wiped): make it again, from the start of
                // the stream, so entries the api sends again are read.
                if (IsMissingGroup(e)) await RetryAsync(stream.EnsureAsync, stoppingToken);
                // An outage (or the chaos switch, which stands for one) is nobody's fault: only other failures count
                // towards moving entries to the dead-letter queue, and only against the entry that failed: a batch
                // is retried one entry at a time until the culprit stands alone, so its batch-mates are stored.
                if (!IsOutage(e))
                {
                    if (batch.Length > 1) isolating = true;
                    else await RecordFailureAsync(batch, e);
                }
                var delay = Backoff(failures++);
                logger.LogWarning(e, "{Kind} batch failed (attempt {Attempt}); retrying in {Delay}", _pipeline.Name, failures, delay);
                await Task.Delay(delay, time, stoppingToken);
            }
        }
        // Entries read ahead when the worker stopped stay pending with this consumer; another worker (or this one, when
        // it has a fixed ConsumerName) takes them over after ClaimIdleTime, as it would take a batch cut off mid-way.
        await ForgetAsync(readAhead);
    }

    private int ReadCount() => (int)Math.Clamp(options.BatchMessages / _clicksPerEntry, 1, options.BatchSize);

    private void Learn(int entries, int clicks)
    {
        if (clicks > 0) _clicksPerEntry = Math.Max(1, (double)clicks / entries);
    }

    /// <summary>A read of new entries issued while the batch before it is stored, and how many entries it asked for.</summary>
    private sealed record ReadAhead(Task<StreamEntry[]> Entries, int Count);

    private static async Task ForgetAsync(ReadAhead? readAhead)
    {
        if (readAhead is null) return;
        try
        {
            await readAhead.Entries;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The read failed, so nothing was delivered to us.
        }
    }

    private async Task RecordFailureAsync(StreamEntry[] batch, Exception error)
    {
        try
        {
            await processor.RecordFailureAsync(redis.GetDatabase(), batch, $"{error.GetType().Name}: {error.Message}");
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning(e, "Could not record the failure of {Count} entries", batch.Length);
        }
    }

    private static bool IsMissingGroup(Exception e) =>
        e is RedisServerException && e.Message.StartsWith("NOGROUP", StringComparison.Ordinal);

    private static bool IsOutage(Exception e) => e switch
    {
        _ when IsMissingGroup(e) => true,
        ChaosException or RedisConnectionException or RedisTimeoutException or TimeoutException or OperationCanceledException => true,
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P", StringComparison.Ordinal)
            || pg.SqlState.StartsWith("53", StringComparison.Ordinal),
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is System.Net.Sockets.SocketException or IOException,
        _ => false,
    };

    private async Task<StreamEntry[]> ClaimAbandonedAsync(IDatabase db)
    {
        var now = time.GetUtcNow();
        if (now < _nextClaim) return [];
        _nextClaim = now + options.ClaimIdleTime / 2;
        var claimed = await db.StreamAutoClaimAsync(_pipeline.Key, _pipeline.ConsumerGroup, Consumer,
            (long)options.ClaimIdleTime.TotalMilliseconds, "0-0", ReadCount());
        if (claimed.ClaimedEntries.Length > 0)
        {
            logger.LogWarning("Claimed {Count} {Stream} entries left pending by a consumer that stopped", claimed.ClaimedEntries.Length, _pipeline.Key);
            _nextClaim = now; // there may be more
        }
        return claimed.ClaimedEntries;
    }

    private async Task RetryAsync(Func<Task> action, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await action();
                return;
            }
            catch (RedisException e)
            {
                logger.LogWarning(e, "Redis not ready");
                await Task.Delay(Backoff(attempt), time, ct);
            }
        }
    }

    /// <summary>Exponential, capped at 10 s, with jitter so workers that failed together don't retry together.</summary>
    private static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(10_000, 100 * Math.Pow(2, Math.Min(attempt, 10))) * (0.5 + Random.Shared.NextDouble() / 2));
}
