using System.Text.Json;
using Shortener.Api.Clicks;
using Shortener.Core.Clicks;
using StackExchange.Redis;

namespace Shortener.Api.Workers;

/// <summary>Reads the pipeline's state from Redis: the stream, its group, the DLQ and the workers' heartbeats.</summary>
public sealed class PipelineStatusReader(IConnectionMultiplexer redis, ClickBuffer buffer, TimeProvider time)
{
    public async Task<IReadOnlyList<WorkerHeartbeat>> LiveWorkersAsync()
    {
        var entries = await redis.GetDatabase().HashGetAllAsync(WorkerStatusKeys.Heartbeats);
        var now = time.GetUtcNow();
        return entries.Select(e => JsonSerializer.Deserialize<WorkerHeartbeat>((string)e.Value!)!)
            .Where(h => now - h.At < WorkerStatusKeys.HeartbeatStale)
            .OrderBy(h => h.Consumer, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<PipelineStatus> ReadAsync()
    {
        var db = redis.GetDatabase();
        var length = db.StreamLengthAsync(ClickStream.Key);
        var dlq = db.StreamLengthAsync(ClickStream.DeadLetterKey);
        var groups = db.StreamGroupInfoAsync(ClickStream.Key);
        var consumers = db.StreamConsumerInfoAsync(ClickStream.Key, ClickStream.ConsumerGroup);
        var workers = LiveWorkersAsync();
        await Task.WhenAll(length, dlq, groups, consumers, workers);
        var group = groups.Result.FirstOrDefault(g => g.Name == ClickStream.ConsumerGroup);
        var live = workers.Result;
        var last = live.Where(w => w.LastBatchAt is not null).MaxBy(w => w.LastBatchAt);
        return new PipelineStatus(length.Result, group.PendingMessageCount, group.Lag,
            consumers.Result.Select(c => new ConsumerStatus(c.Name, c.PendingMessageCount, c.IdleTimeInMilliseconds)).ToList(),
            dlq.Result, last?.LastBatchAt, last?.LastBatchSize ?? 0, live.Sum(w => w.Throughput),
            buffer.Reader.Count, buffer.Dropped, live);
    }
}
