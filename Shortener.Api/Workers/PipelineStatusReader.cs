using System.Text.Json;
using Shortener.Api.Clicks;
using Shortener.Api.Live;
using Shortener.Core.Clicks;
using Shortener.Core.Streams;
using StackExchange.Redis;

namespace Shortener.Api.Workers;

/// <summary>
/// Reads the pipeline's state: from Redis the stream, its group, the DLQ and the workers' heartbeats; from this api its
/// buffer, replay log and live connections; from PostgreSQL the data Redis has lost, if any.
/// </summary>
public sealed class PipelineStatusReader(IConnectionMultiplexer redis, ClickBuffer buffer, SentClicksLog sent,
    RedisLossReporter losses, LiveClickHub live, TimeProvider time, ILogger<PipelineStatusReader> logger)
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
        var length = db.StreamLengthAsync(ClickStream.Key);
        var dlq = db.StreamLengthAsync(ClickStream.DeadLetterKey);
        var groups = db.StreamGroupInfoAsync(ClickStream.Key);
        var consumers = db.StreamConsumerInfoAsync(ClickStream.Key, ClickStream.ConsumerGroup);
        var workers = LiveWorkersAsync();
        await Task.WhenAll(length, dlq, groups, consumers, workers);
        var group = groups.Result.FirstOrDefault(g => g.Name == ClickStream.ConsumerGroup);
        var last = workers.Result.Where(w => w.LastBatchAt is not null).MaxBy(w => w.LastBatchAt);
        return new PipelineStatus(length.Result, group.PendingMessageCount, group.Lag,
            consumers.Result.Select(c => new ConsumerStatus(c.Name, c.PendingMessageCount, c.IdleTimeInMilliseconds)).ToList(),
            dlq.Result, last?.LastBatchAt, last?.LastBatchSize ?? 0, workers.Result.Sum(w => w.Throughput),
            buffer.Reader.Count, buffer.Dropped, sent.HeldClicks, live.Connections, live.Gaps, await lossSummary, workers.Result);
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
