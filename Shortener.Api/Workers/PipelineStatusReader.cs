using System.Text.Json;
using Shortener.Api.Clicks;
using Shortener.Api.Events;
using Shortener.Api.Live;
using Shortener.Core.Clicks;
using Shortener.Core.Events;
using Shortener.Core.Streams;
using StackExchange.Redis;

namespace Shortener.Api.Workers;

/// <summary>
/// Reads the pipeline's state: from Redis the stream, its group, the DLQ and the workers' heartbeats; from this api its
/// buffer, replay log and live connections; from PostgreSQL the data Redis has lost, if any. The same for site events,
/// under <c>events</c>.
/// </summary>
public sealed class PipelineStatusReader(IConnectionMultiplexer redis, ClickBuffer buffer, SentClicksLog sent,
    EventBuffer eventBuffer, SentEventsLog sentEvents, RedisLossReporter losses, LiveClickHub live, TimeProvider time,
    ILogger<PipelineStatusReader> logger)
{
    public async Task<IReadOnlyList<WorkerHeartbeat>> LiveWorkersAsync()
    {
        var beats = await redis.GetDatabase().ReadHeartbeatsAsync();
        var now = time.GetUtcNow();
        return beats.Where(h => now - h.At < WorkerStatusKeys.HeartbeatStale)
            .OrderBy(h => h.Consumer, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<PipelineStatus> ReadAsync(CancellationToken ct)
    {
        var lossSummary = ReadLossesAsync(ct);
        var db = redis.GetDatabase();
        var clicks = ReadStreamAsync(db, ClickStream.Pipeline);
        var events = ReadStreamAsync(db, EventStream.Pipeline);
        var workers = LiveWorkersAsync();
        await Task.WhenAll(clicks, events, workers);
        var (length, group, consumers, dlq) = clicks.Result;
        var last = workers.Result.Where(w => w.LastBatchAt is not null).MaxBy(w => w.LastBatchAt);
        var e = events.Result;
        return new PipelineStatus(length, group.PendingMessageCount, group.Lag, consumers, dlq, last?.LastBatchAt, last?.LastBatchSize ?? 0,
            workers.Result.Sum(w => w.Throughput), buffer.Count, buffer.Dropped, sent.HeldClicks, live.Connections, live.Gaps,
            await lossSummary, workers.Result,
            new StreamStatus(e.Length, e.Group.PendingMessageCount, e.Group.Lag, e.Consumers, e.DeadLetters, eventBuffer.Count,
                eventBuffer.Dropped, sentEvents.HeldClicks));
    }

    /// <summary>A pipeline's stream, group and dead letters; a stream no producer or worker has made yet reads as empty.</summary>
    private static async Task<(long Length, StreamGroupInfo Group, IReadOnlyList<ConsumerStatus> Consumers, long DeadLetters)> ReadStreamAsync(
        IDatabase db, StreamPipeline pipeline)
    {
        var length = db.StreamLengthAsync(pipeline.Key);
        var dlq = db.StreamLengthAsync(pipeline.DeadLetterKey);
        var groups = db.StreamGroupInfoAsync(pipeline.Key);
        var consumers = db.StreamConsumerInfoAsync(pipeline.Key, pipeline.ConsumerGroup);
        try
        {
            await Task.WhenAll(length, dlq, groups, consumers);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("ERR no such key", StringComparison.Ordinal) || e.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            return (0, default, [], dlq.IsCompletedSuccessfully ? dlq.Result : 0);
        }
        return (length.Result, groups.Result.FirstOrDefault(g => g.Name == pipeline.ConsumerGroup),
            consumers.Result.Select(c => new ConsumerStatus(c.Name!, c.PendingMessageCount, c.IdleTimeInMilliseconds)).ToList(), dlq.Result);
    }

    // The rest of the status comes from Redis; a database outage leaves this part out (quickly) rather than the whole answer.
    private async Task<RedisDataLossSummary?> ReadLossesAsync(CancellationToken ct)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(2), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, limit.Token);
        try
        {
            return await losses.ReadSummaryAsync(linked.Token);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not read Redis data losses for the status");
            return null;
        }
    }
}
