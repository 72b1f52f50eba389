using System.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;
using Shortener.Core.Clicks;
using Shortener.Worker.Clicks;
using StackExchange.Redis;

namespace Shortener.Worker.Services;

/// <summary>
/// Drains clicks:stream through the click-workers group: read a batch, store it in one transaction, XACK after the
/// commit, then delete the acknowledged entries. A failed batch is not acknowledged; it is read again from this
/// consumer's pending list after a backoff. Entries left pending by a dead consumer are claimed once idle long enough.
/// </summary>
public sealed class ClickConsumer(IConnectionMultiplexer redis, ClickStreamSetup stream, ClickWriter writer, ConsumerHeartbeat heartbeat,
    IOptions<ClickConsumerOptions> options, IOptions<ChaosOptions> chaos, TimeProvider time, ILogger<ClickConsumer> logger) : BackgroundService
{
    public static readonly ActivitySource Activities = new("Shortener.Worker");

    private readonly string _consumer = options.Value.ConsumerName 
        ?? $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
    private DateTimeOffset _nextClaim;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        await RetryAsync(stream.EnsureAsync, stoppingToken);
        logger.LogInformation("Consuming {Stream} as {Consumer} in group {Group}", ClickStream.Key, _consumer, ClickStream.ConsumerGroup);
        var readOwnPending = true;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            heartbeat.Beat();
            try
            {
                var db = redis.GetDatabase();
                var entries = await db.StreamReadGroupAsync(ClickStream.Key, ClickStream.ConsumerGroup, _consumer,
                    readOwnPending ? StreamPosition.Beginning : StreamPosition.NewMessages, o.BatchSize);
                if (entries.Length == 0 && readOwnPending)
                {
                    readOwnPending = false;
                    continue;
                }
                if (entries.Length == 0) entries = await ClaimAbandonedAsync(db);
                if (entries.Length == 0)
                {
                    await Task.Delay(o.IdlePoll, time, stoppingToken);
                    continue;
                }
                await ProcessAsync(db, entries, stoppingToken);
                failures = 0;
            }
            catch (Exception e) when (e is RedisException or TimeoutException or NpgsqlException or ChaosException && !stoppingToken.IsCancellationRequested)
            {
                // Nothing was acknowledged: the batch stays pending with us and is read again after the backoff.
                readOwnPending = true;
                var delay = Backoff(failures++);
                logger.LogWarning(e, "Click batch failed (attempt {Attempt}); retrying in {Delay}", failures, delay);
                await Task.Delay(delay, time, stoppingToken);
            }
        }
    }

    private async Task ProcessAsync(IDatabase db, StreamEntry[] entries, CancellationToken ct)
    {
        var clicks = new List<ClickEvent>(entries.Length);
        var ids = new RedisValue[entries.Length];
        var poison = new List<(StreamEntry Entry, string Error)>();
        for (var i = 0; i < entries.Length; i++)
        {
            ids[i] = entries[i].Id;
            if (entries[i].IsNull) continue; // deleted while pending: nothing to store
            try
            {
                clicks.Add(ClickEventCodec.FromEntries(entries[i].Values));
            }
            catch (FormatException e)
            {
                poison.Add((entries[i], e.Message));
            }
        }

        using var activity = StartBatchActivity(clicks);
        var failure = NextChaos();
        if (clicks.Count > 0)
        {
            var inserted = await writer.WriteAsync(clicks, failure == Chaos.BeforeCommit ? () => throw new ChaosException("before commit") : null, ct);
            activity?.SetTag("clicks.inserted", inserted);
        }
        if (failure == Chaos.AfterCommit) throw new ChaosException("after commit, before XACK");
        foreach (var (entry, error) in poison) await DeadLetterAsync(db, entry, error);

        await db.StreamAcknowledgeAsync(ClickStream.Key, ClickStream.ConsumerGroup, ids);
        // Only this group reads the stream, so an acknowledged entry is no longer needed by anyone.
        await db.StreamDeleteAsync(ClickStream.Key, ids);
    }

    private async Task<StreamEntry[]> ClaimAbandonedAsync(IDatabase db)
    {
        var now = time.GetUtcNow();
        if (now < _nextClaim) return [];
        _nextClaim = now + options.Value.ClaimIdleTime / 2;
        var claimed = await db.StreamAutoClaimAsync(ClickStream.Key, ClickStream.ConsumerGroup, _consumer,
            (long)options.Value.ClaimIdleTime.TotalMilliseconds, "0-0", options.Value.BatchSize);
        if (claimed.ClaimedEntries.Length > 0)
            logger.LogWarning("Claimed {Count} clicks left pending by a consumer that stopped", claimed.ClaimedEntries.Length);
        return claimed.ClaimedEntries;
    }

    private static async Task DeadLetterAsync(IDatabase db, StreamEntry entry, string error)
    {
        await db.StreamAddAsync(ClickStream.DeadLetterKey,
            [.. entry.Values, new NameValueEntry("error", error), new NameValueEntry("source_id", entry.Id)]);
    }

    /// <summary>One span per batch, linked to every redirect whose trace context came with its click.</summary>
    private static Activity? StartBatchActivity(List<ClickEvent> clicks)
    {
        var links = clicks.Select(c => ActivityContext.TryParse(c.TraceParent, null, out var ctx) ? new ActivityLink(ctx) : default)
            .Where(l => l.Context != default).Take(128).ToList();
        var parent = links.Count == 1 ? links[0].Context : default;
        var activity = Activities.StartActivity("clicks.store", ActivityKind.Consumer, parent, links: links.Count > 1 ? links : null);
        activity?.SetTag("messaging.system", "redis");
        activity?.SetTag("messaging.destination.name", ClickStream.Key);
        activity?.SetTag("messaging.batch.message_count", clicks.Count);
        return activity;
    }

    private enum Chaos { None, BeforeCommit, AfterCommit }

    private Chaos NextChaos()
    {
        var rate = chaos.Value.BatchFailureRate;
        if (rate <= 0 || Random.Shared.NextDouble() >= rate) return Chaos.None;
        return Random.Shared.Next(2) == 0 ? Chaos.BeforeCommit : Chaos.AfterCommit;
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

    private static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(10_000, 100 * Math.Pow(2, Math.Min(attempt, 10))) * (0.5 + Random.Shared.NextDouble() / 2));
}

public sealed class ChaosException(string where) : Exception($"Chaos: batch failed on purpose {where}.");
