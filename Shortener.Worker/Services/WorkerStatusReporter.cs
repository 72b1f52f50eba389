using System.Text.Json;
using Shortener.Core.Clicks;
using Shortener.Worker.Clicks;
using StackExchange.Redis;

namespace Shortener.Worker.Services;

/// <summary>
/// Every two seconds: publishes this worker's heartbeat for /worker/health and /worker/status, reads the group's lag
/// for the metric, and warns while the dead-letter queue grows.
/// </summary>
public sealed class WorkerStatusReporter(IConnectionMultiplexer redis, ClickConsumer consumer, WorkerMetrics metrics, TimeProvider time,
    ILogger<WorkerStatusReporter> logger) : BackgroundService
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
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                logger.LogDebug(e, "Status report skipped: Redis unavailable");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
