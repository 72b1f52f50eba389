using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Shortener.Core.Clicks;
using StackExchange.Redis;

namespace Shortener.Api.Clicks;

/// <summary>
/// Moves buffered clicks to clicks:stream in batches, each one transaction of XADDs plus this instance's send counter.
/// A batch that Redis refuses is kept and retried with backoff, so an outage costs memory (bounded by the buffer), not
/// clicks. Sent clicks stay in <see cref="SentClicksLog"/> until a worker acknowledges them; when the counter shows
/// that Redis lost some (a crash of its machine), they are sent again. On shutdown the buffer is flushed.
/// </summary>
public sealed class ClickFlusher(ClickBuffer buffer, SentClicksLog sent, RedisLossReporter losses, IConnectionMultiplexer redis,
    ClickStreamSetup stream, IOptions<ClickBufferOptions> options, IOptions<ClickReplayOptions> replay, IMeterFactory meters,
    TimeProvider time, ILogger<ClickFlusher> logger) : BackgroundService
{
    private static readonly TimeSpan s_shutdownFlushLimit = TimeSpan.FromSeconds(20);
    // Refreshed at every check, so it only runs out once this instance has been gone (or cut off from Redis) a day.
    private static readonly TimeSpan s_counterLifetime = TimeSpan.FromDays(1);

    // Per flusher, not per process: the counter must count exactly what this instance's log holds.
    private readonly (string Name, RedisKey CounterKey) _sender = NewSender();
    private readonly Counter<long> _flushed = meters.Create(ClickBuffer.MeterName).CreateCounter<long>("shortener.clicks.flushed");
    private readonly List<ClickEvent> _batch = new(options.Value.BatchSize);
    private readonly Queue<IReadOnlyList<ClickEvent>> _resend = new();
    private long _lastCheck;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var meter = meters.Create(ClickBuffer.MeterName);
        meter.CreateObservableGauge("shortener.clicks.held_for_replay", () => sent.HeldClicks,
            description: "Sent clicks kept until a worker acknowledges them");
        meter.CreateObservableCounter("shortener.clicks.replay_evicted", () => sent.EvictedTotal,
            description: "Sent clicks dropped from the replay log before a worker acknowledged them");

        await EnsureStreamAsync(stoppingToken);
        _lastCheck = time.GetTimestamp();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (buffer.Reader.Count > 0 || _resend.Count > 0) await FlushWithRetryAsync(stoppingToken);
                else await WaitForClicksAsync(stoppingToken);
                if (time.GetElapsedTime(_lastCheck) >= replay.Value.CheckInterval) await CheckAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // The server has stopped taking requests by now: send what is left, for a bounded time.
        using var limit = new CancellationTokenSource(s_shutdownFlushLimit, time);
        try
        {
            while (buffer.Reader.Count > 0 || _batch.Count > 0 || _resend.Count > 0) await FlushWithRetryAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            logger.LogError("Shutdown flush timed out; {Count} clicks were not sent to Redis",
                buffer.Reader.Count + _batch.Count + _resend.Sum(b => b.Count));
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
                logger.LogWarning(e, "Could not create the click stream yet");
                await Task.Delay(Backoff(attempt), time, ct);
            }
        }
    }

    private async Task WaitForClicksAsync(CancellationToken ct)
    {
        using var interval = new CancellationTokenSource(replay.Value.CheckInterval, time);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct, interval.Token);
        try
        {
            await buffer.Reader.WaitToReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }
    }

    private async Task FlushWithRetryAsync(CancellationToken ct)
    {
        if (_batch.Count == 0 && _resend.TryDequeue(out var again)) _batch.AddRange(again);
        while (_batch.Count < options.Value.BatchSize && buffer.Reader.TryRead(out var click)) _batch.Add(click);
        for (var attempt = 0; _batch.Count > 0; attempt++)
        {
            try
            {
                await SendAsync();
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                if (attempt == 0 || attempt % 20 == 0)
                    logger.LogWarning(e, "Redis refused {Count} clicks; keeping them and retrying ({Buffered} more buffered)", _batch.Count, buffer.Reader.Count);
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
        var size = options.Value.ClicksPerEntry;
        var adds = _batch.Chunk(size).Select(p => transaction.StreamAddAsync(ClickStream.Key,
            p.Length == 1 ? ClickEventCodec.ToEntries(p[0]) : ClickPackCodec.ToEntries(p))).ToArray();
        var counter = transaction.StringIncrementAsync(_sender.CounterKey, _batch.Count);
        _ = transaction.KeyExpireAsync(_sender.CounterKey, s_counterLifetime, flags: CommandFlags.FireAndForget);
        if (!await transaction.ExecuteAsync()) throw new RedisException("Redis discarded the click transaction.");
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
            var groups = db.StreamGroupInfoAsync(ClickStream.Key);
            var pending = db.StreamPendingAsync(ClickStream.Key, ClickStream.ConsumerGroup);
            _ = db.KeyExpireAsync(_sender.CounterKey, s_counterLifetime, flags: CommandFlags.FireAndForget);

            var value = await counter;
            if (sent.Counted(value.IsNull ? 0 : (long)value) is { } loss) Resend(loss);
            if (AcknowledgedBelow(await groups, await pending) is { } below) sent.Acknowledged(below);
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
    private static StreamEntryId? AcknowledgedBelow(StreamGroupInfo[] groups, StreamPendingInfo pending)
    {
        var group = groups.FirstOrDefault(g => g.Name == ClickStream.ConsumerGroup);
        if (group.Name is null) return null;
        if (pending.PendingMessageCount > 0) return pending.LowestPendingMessageId.IsNull ? null : StreamEntryId.Parse(pending.LowestPendingMessageId!);
        // Nothing pending: everything delivered up to the group's last-delivered id was acknowledged.
        return group.LastDeliveredId is { } last ? StreamEntryId.Parse(last).Next() : null;
    }

    private void Resend(SentClicksLoss loss)
    {
        foreach (var clicks in loss.Resend) _resend.Enqueue(clicks);
        losses.Report(_sender.Name, loss);
    }

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Math.Min(5000, 50 * Math.Pow(2, Math.Min(attempt, 10))));

    private static (string, RedisKey) NewSender()
    {
        var name = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
        return (name, ClickStream.SentCounterKey(name));
    }
}
