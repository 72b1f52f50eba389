using System.Diagnostics.Metrics;
using Shortener.Api.Clicks;
using Shortener.Core.Clicks;
using Shortener.Core.Streams;
using StackExchange.Redis;

namespace Shortener.Api.Pipeline;

/// <summary>
/// Moves a pipeline's buffered messages (clicks, site events) to its stream in batches, each one transaction of XADDs
/// plus this instance's send counter. What follows says clicks; it holds for every pipeline.
/// A batch that Redis refuses is kept and retried with backoff, so an outage costs memory (bounded by the buffer), not
/// clicks. Sent clicks stay in <see cref="SentClicksLog"/> until a worker acknowledges them; when the counter shows
/// that Redis lost some (a crash of its machine), they are sent again. On shutdown the buffer is flushed.
/// </summary>
public abstract class StreamFlusher<T>(MessageBuffer<T> buffer, SentLog<T> sent, RedisLossReporter losses, IConnectionMultiplexer redis,
    StreamSetup stream, IStreamCodec<T> codec, StreamFlusherSettings settings, IMeterFactory meters, TimeProvider time, ILogger logger)
    : BackgroundService
{
    private readonly StreamPipeline _pipeline = stream.Pipeline;

    private static readonly TimeSpan s_shutdownFlushLimit = TimeSpan.FromSeconds(20);
    // Refreshed at every check, so it only runs out once this instance has been gone (or cut off from Redis) a day.
    private static readonly TimeSpan s_counterLifetime = TimeSpan.FromDays(1);

    // Per flusher, not per process: the counter must count exactly what this instance's log holds.
    private readonly (string Name, RedisKey CounterKey) _sender = NewSender(stream.Pipeline);
    private readonly Counter<long> _flushed = meters.Create(buffer.MeterName).CreateCounter<long>($"shortener.{stream.Pipeline.Name}.flushed");
    private readonly List<T> _batch = new(settings.BatchSize);
    private readonly Queue<IReadOnlyList<T>> _resend = new();
    private long _lastCheck;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var meter = meters.Create(buffer.MeterName);
        meter.CreateObservableGauge($"shortener.{_pipeline.Name}.held_for_replay", () => sent.HeldClicks,
            description: "Sent messages kept until a worker acknowledges them");
        meter.CreateObservableCounter($"shortener.{_pipeline.Name}.replay_evicted", () => sent.EvictedTotal,
            description: "Sent messages dropped from the replay log before a worker acknowledged them");

        await EnsureStreamAsync(stoppingToken);
        _lastCheck = time.GetTimestamp();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (buffer.Count > 0 || _resend.Count > 0) await FlushWithRetryAsync(stoppingToken);
                else await WaitForClicksAsync(stoppingToken);
                if (time.GetElapsedTime(_lastCheck) >= settings.CheckInterval) await CheckAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // The server has stopped taking requests by now: send what is left, for a bounded time.
        using var limit = new CancellationTokenSource(s_shutdownFlushLimit, time);
        try
        {
            while (buffer.Count > 0 || _batch.Count > 0 || _resend.Count > 0) await FlushWithRetryAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            logger.LogError("Shutdown flush timed out; {Count} {Kind} were not sent to Redis",
                buffer.Count + _batch.Count + _resend.Sum(b => b.Count), _pipeline.Name);
        }
    }

    private async Task EnsureStreamAsync(CancellationToken ct)
    {
        for (var attempt = 0; !ct.IsCancellationRequested; attempt++)
        {
            try
            {
                await stream.EnsureAsync();
                return;
            }
            catch (RedisException e)
            {
                logger.LogWarning(e, "Could not create {Stream} yet", _pipeline.Key);
                await Task.Delay(Backoff(attempt), time, ct);
            }
        }
    }

    private async Task WaitForClicksAsync(CancellationToken ct)
    {
        using var interval = new CancellationTokenSource(settings.CheckInterval, time);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct, interval.Token);
        try
        {
            await buffer.WaitToReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }
    }

    private async Task FlushWithRetryAsync(CancellationToken ct)
    {
        if (_batch.Count == 0 && _resend.TryDequeue(out var again)) _batch.AddRange(again);
        while (_batch.Count < settings.BatchSize && buffer.TryRead(out var message)) _batch.Add(message);
        for (var attempt = 0; _batch.Count > 0; attempt++)
        {
            try
            {
                await SendAsync();
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                if (attempt == 0 || attempt % 20 == 0)
                    logger.LogWarning(e, "Redis refused {Count} {Kind}; keeping them and retrying ({Buffered} more buffered)", _batch.Count, _pipeline.Name, buffer.Count);
                await Task.Delay(Backoff(attempt), time, ct);
            }
        }
    }

    /// <summary>
    /// The batch goes out as packs of clicks and the counter increment, in one MULTI/EXEC (one round trip); Redis
    /// writes a transaction to its AOF as a unit, so the counter never survives a crash without its clicks. A batch
    /// Redis stored but whose answer was lost is sent again as a whole: the event ids make that harmless.
    /// </summary>
    private async Task SendAsync()
    {
        var transaction = redis.GetDatabase().CreateTransaction();
        var adds = _batch.Chunk(settings.MessagesPerEntry).Select(p => transaction.StreamAddAsync(_pipeline.Key, codec.ToEntries(p))).ToArray();
        var counter = transaction.StringIncrementAsync(_sender.CounterKey, _batch.Count);
        _ = transaction.KeyExpireAsync(_sender.CounterKey, s_counterLifetime, flags: CommandFlags.FireAndForget);
        if (!await transaction.ExecuteAsync()) throw new RedisException($"Redis discarded the {_pipeline.Name} transaction.");
        await Task.WhenAll(adds);

        var clicks = _batch.ToArray();
        _flushed.Add(clicks.Length);
        _batch.Clear();
        if (sent.Sent(clicks, await counter, StreamEntryId.Parse(adds[^1].Result!)) is { } loss) Resend(loss);
    }

    /// <summary>
    /// Once a second: is the send counter still where this instance left it (Redis may have lost data while nobody
    /// sent), and which sent clicks have the workers acknowledged, so the log can forget them.
    /// </summary>
    private async Task CheckAsync()
    {
        try
        {
            var db = redis.GetDatabase();
            var counter = db.StringGetAsync(_sender.CounterKey);
            var groups = db.StreamGroupInfoAsync(_pipeline.Key);
            var pending = db.StreamPendingAsync(_pipeline.Key, _pipeline.ConsumerGroup);
            _ = db.KeyExpireAsync(_sender.CounterKey, s_counterLifetime, flags: CommandFlags.FireAndForget);

            var value = await counter;
            if (sent.Counted(value.IsNull ? 0 : (long)value) is { } loss) Resend(loss);
            if (AcknowledgedBelow(_pipeline, await groups, await pending) is { } below) sent.Acknowledged(below);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogDebug(e, "Could not check the send counter; trying again at the next check");
        }
        finally
        {
            _lastCheck = time.GetTimestamp();
        }
    }

    /// <summary>Every entry below the returned id has been acknowledged by the workers (stored, or dead-lettered).</summary>
    private static StreamEntryId? AcknowledgedBelow(StreamPipeline pipeline, StreamGroupInfo[] groups, StreamPendingInfo pending)
    {
        var group = groups.FirstOrDefault(g => g.Name == pipeline.ConsumerGroup);
        if (group.Name is null) return null;
        if (pending.PendingMessageCount > 0) return pending.LowestPendingMessageId.IsNull ? null : StreamEntryId.Parse(pending.LowestPendingMessageId!);
        // Nothing pending: everything delivered up to the group's last-delivered id was acknowledged.
        return group.LastDeliveredId is { } last ? StreamEntryId.Parse(last).Next() : null;
    }

    private void Resend(SentLoss<T> loss)
    {
        foreach (var clicks in loss.Resend) _resend.Enqueue(clicks);
        losses.Report(_pipeline, _sender.Name, loss);
    }

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Math.Min(5000, 50 * Math.Pow(2, Math.Min(attempt, 10))));

    private static (string, RedisKey) NewSender(StreamPipeline pipeline)
    {
        var name = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
        return (name, pipeline.SentCounterKey(name));
    }
}
