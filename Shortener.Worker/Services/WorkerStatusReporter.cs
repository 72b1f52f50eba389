using System.Text.Json;
using Microsoft.Extensions.Options;
using Shortener.Core.Clicks;
using Shortener.Worker.Clicks;
using StackExchange.Redis;

namespace Shortener.Worker.Services;

/// <summary>
/// Every two seconds: publishes this worker's heartbeat for /worker/health and /worker/status, reads the group's lag
/// for the metric, warns while the dead-letter queue grows, and forgets workers that are long gone.
/// </summary>
public sealed class WorkerStatusReporter(IConnectionMultiplexer redis, ClickConsumer consumer, WorkerMetrics metrics,
    IOptions<ClickConsumerOptions> options, TimeProvider time, ILogger<WorkerStatusReporter> logger) : BackgroundService
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(s_interval, time);
        var lastProcessed = metrics.Processed;
        var lastDlq = -1L;
        do
        {
            try
            {
                var processed = metrics.Processed;
                var throughput = (processed - lastProcessed) / s_interval.TotalSeconds;
                lastProcessed = processed;
                var db = redis.GetDatabase();
                var beat = new WorkerHeartbeat(consumer.Consumer, time.GetUtcNow(), metrics.LastBatchAt, metrics.LastBatchSize,
                    processed, metrics.DeadLettered, throughput);
                await db.HashSetAsync(WorkerStatusKeys.Heartbeats, consumer.Consumer, JsonSerializer.Serialize(beat));

                var group = (await db.StreamGroupInfoAsync(ClickStream.Key)).FirstOrDefault(g => g.Name == ClickStream.ConsumerGroup);
                metrics.Lag = group.Lag ?? 0;
                var dlq = await db.StreamLengthAsync(ClickStream.DeadLetterKey);
                if (lastDlq >= 0 && dlq > lastDlq)
                    logger.LogWarning("The dead-letter queue {Dlq} grew from {Before} to {After} entries; see GET /worker/dlq", ClickStream.DeadLetterKey, lastDlq, dlq);
                lastDlq = dlq;
                await ForgetDepartedAsync(db);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                logger.LogDebug(e, "Status report skipped: Redis unavailable");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>
    /// Removes consumers with nothing pending whose heartbeat is older than the limit (or missing), and such heartbeats.
    /// A consumer holding entries is never removed: XAUTOCLAIM must be able to take them over first.
    /// </summary>
    private async Task ForgetDepartedAsync(IDatabase db)
    {
        var limit = options.Value.ForgetDepartedAfter;
        var now = time.GetUtcNow();
        var beats = (await db.ReadHeartbeatsAsync()).ToDictionary(h => h.Consumer, h => h.At);
        bool Departed(string name) => name != consumer.Consumer && (!beats.TryGetValue(name, out var at) || now - at > limit);

        foreach (var gone in (await db.StreamConsumerInfoAsync(ClickStream.Key, ClickStream.ConsumerGroup))
            .Where(c => c.PendingMessageCount == 0 && c.IdleTimeInMilliseconds > limit.TotalMilliseconds && Departed(c.Name)))
        {
            await db.StreamDeleteConsumerAsync(ClickStream.Key, ClickStream.ConsumerGroup, gone.Name);
            logger.LogInformation("Removed consumer {Consumer}: no heartbeat for {Limit} and nothing pending", gone.Name, limit);
        }
        var stale = beats.Keys.Where(Departed).Select(k => (RedisValue)k).ToArray();
        if (stale.Length > 0) await db.HashDeleteAsync(WorkerStatusKeys.Heartbeats, stale);
    }
}
