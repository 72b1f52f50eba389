using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Shortener.Core.Clicks;
using StackExchange.Redis;

namespace Shortener.Api.Clicks;

/// <summary>
/// Moves buffered clicks to clicks:stream in pipelined XADD batches. A batch that Redis refuses is kept and retried
/// with backoff, so an outage costs memory (bounded by the buffer), not clicks. On shutdown the buffer is flushed.
/// </summary>
public sealed class ClickFlusher(ClickBuffer buffer, IConnectionMultiplexer redis, ClickStreamSetup stream,
    IOptions<ClickBufferOptions> options, IMeterFactory meters, TimeProvider time, ILogger<ClickFlusher> logger) : BackgroundService
{
    private static readonly TimeSpan s_shutdownFlushLimit = TimeSpan.FromSeconds(20);
    private readonly Counter<long> _flushed = meters.Create(ClickBuffer.MeterName).CreateCounter<long>("shortener.clicks.flushed");
    private readonly List<ClickEvent> _batch = new(options.Value.BatchSize);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await EnsureStreamAsync(stoppingToken);
        try
        {
            while (await buffer.Reader.WaitToReadAsync(stoppingToken))
            {
                await FlushWithRetryAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // The server has stopped taking requests by now: send what is left, for a bounded time.
        using var limit = new CancellationTokenSource(s_shutdownFlushLimit, time);
        try
        {
            while (buffer.Reader.Count > 0 || _batch.Count > 0) await FlushWithRetryAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            logger.LogError("Shutdown flush timed out; {Count} clicks were not sent to Redis", buffer.Reader.Count + _batch.Count);
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

    private async Task FlushWithRetryAsync(CancellationToken ct)
    {
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
    /// The batch goes out as packs of clicks, all XADDs at once (one round trip); packs that fail stay in the batch
    /// for the next try. A pack Redis stored but whose answer was lost is sent again: the event ids make that harmless.
    /// </summary>
    private async Task SendAsync()
    {
        var db = redis.GetDatabase();
        var size = options.Value.ClicksPerEntry;
        var packs = _batch.Chunk(size).ToList();
        var sends = packs.Select(p => db.StreamAddAsync(ClickStream.Key,
            p.Length == 1 ? ClickEventCodec.ToEntries(p[0]) : ClickPackCodec.ToEntries(p))).ToArray();
        try
        {
            await Task.WhenAll(sends);
        }
        finally
        {
            var failed = packs.Where((_, i) => !sends[i].IsCompletedSuccessfully).SelectMany(p => p).ToList();
            _flushed.Add(_batch.Count - failed.Count);
            _batch.Clear();
            _batch.AddRange(failed);
        }
    }

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Math.Min(5000, 50 * Math.Pow(2, Math.Min(attempt, 10))));
}
