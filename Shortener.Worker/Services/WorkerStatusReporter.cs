using System.Text.Json;
using Microsoft.Extensions.Options;
using Shortener.Core.Clicks;
using Shortener.Core.Events;
using Shortener.Core.Streams;
using Shortener.Worker.Clicks;
using Shortener.Worker.Events;
using StackExchange.Redis;

namespace Shortener.Worker.Services;

/// <summary>
/// Every two seconds: publishes this worker's heartbeat for /worker/health and /worker/status, reads the click group's
/// lag for the metric, warns while a dead-letter queue grows, and forgets workers that are long gone from both groups.
/// </summary>
public sealed class WorkerStatusReporter(IConnectionMultiplexer redis, ClickConsumer consumer, EventConsumer eventConsumer,
    WorkerMetrics metrics, IOptions<ClickConsumerOptions> options, IOptions<EventConsumerOptions> eventOptions, TimeProvider time,
    ILogger<WorkerStatusReporter> logger) : BackgroundService
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(2);
    private readonly Dictionary<string, long> _deadLetters = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(s_interval, time);
        var lastProcessed = metrics.Processed;
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
                await WarnOfDeadLettersAsync(db, ClickStream.Pipeline);
                await WarnOfDeadLettersAsync(db, EventStream.Pipeline);
                var beats = (await db.ReadHeartbeatsAsync()).ToDictionary(h => h.Consumer, h => h.At);
                await ForgetDepartedAsync(db, ClickStream.Pipeline, consumer.Consumer, options.Value.ForgetDepartedAfter, beats);
                await ForgetDepartedAsync(db, EventStream.Pipeline, eventConsumer.Consumer, eventOptions.Value.ForgetDepartedAfter, beats);
                // A heartbeat speaks for its worker's consumers in both groups: it goes after the longer of their limits.
                var limit = TimeSpan.FromTicks(Math.Max(options.Value.ForgetDepartedAfter.Ticks, eventOptions.Value.ForgetDepartedAfter.Ticks));
                var stale = beats.Where(b => b.Key != consumer.Consumer && time.GetUtcNow() - b.Value > limit).Select(b => (RedisValue)b.Key).ToArray();
                if (stale.Length > 0) await db.HashDeleteAsync(WorkerStatusKeys.Heartbeats, stale);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                logger.LogDebug(e, "Status report skipped: Redis unavailable");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task WarnOfDeadLettersAsync(IDatabase db, StreamPipeline pipeline)
    {
        var length = await db.StreamLengthAsync(pipeline.DeadLetterKey);
        if (_deadLetters.TryGetValue(pipeline.Name, out var before) && length > before)
            logger.LogWarning("The dead-letter queue {Dlq} grew from {Before} to {After} entries; see GET /worker/dlq", pipeline.DeadLetterKey, before, length);
        _deadLetters[pipeline.Name] = length;
    }

    /// <summary>
    /// Removes the group's consumers with nothing pending, idle for longer than the limit, whose worker's heartbeat is
    /// older than the limit (or missing). A consumer holding entries is never removed: XAUTOCLAIM must be able to take
    /// them over first.
    /// </summary>
    private async Task ForgetDepartedAsync(IDatabase db, StreamPipeline pipeline, string self, TimeSpan limit,
        IReadOnlyDictionary<string, DateTimeOffset> beats)
    {
        var now = time.GetUtcNow();
        StreamConsumerInfo[] consumers;
        try
        {
            consumers = await db.StreamConsumerInfoAsync(pipeline.Key, pipeline.ConsumerGroup);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            return; // the pipeline's consumer has not made its group yet
        }
        foreach (var gone in consumers.Where(c => c.Name != self && c.PendingMessageCount == 0 && c.IdleTimeInMilliseconds > limit.TotalMilliseconds
            && (!beats.TryGetValue(c.Name!, out var at) || now - at > limit)))
        {
            await db.StreamDeleteConsumerAsync(pipeline.Key, pipeline.ConsumerGroup, gone.Name);
            logger.LogInformation("Removed consumer {Consumer} from {Group}: no heartbeat for {Limit} and nothing pending", gone.Name,
                pipeline.ConsumerGroup, limit);
        }
    }
}
