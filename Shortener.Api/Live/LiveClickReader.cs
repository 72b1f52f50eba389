using Microsoft.Extensions.Options;
using Shortener.Core.Clicks;
using Shortener.Core.Live;
using StackExchange.Redis;

namespace Shortener.Api.Live;

/// <summary>
/// Follows clicks:live while anyone in this instance watches (nothing is read while nobody does) and hands each read to
/// the hub; also sends every connection its keep-alive comment.
/// </summary>
public sealed class LiveClickReader(IConnectionMultiplexer redis, LiveClickHub hub, IOptions<LiveOptions> options, TimeProvider time,
    ILogger<LiveClickReader> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var keepAlives = SendKeepAlivesAsync(stoppingToken);
        var o = options.Value;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await hub.WatchedAsync().WaitAsync(stoppingToken);
                var from = hub.Position ?? default;
                var entries = await redis.GetDatabase().StreamReadAsync(LiveClickStream.Key, from.ToString(), o.ReadCount);
                await hub.DeliverAsync(entries.Select(e => Decode(e, logger)).ToList(), stoppingToken);
                failures = 0;
                if (entries.Length < o.ReadCount) await Task.Delay(o.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                // Whatever went wrong, the live feed waits and tries again: it must never take the api down with it.
                if (e is RedisException or TimeoutException) logger.LogWarning(e, "Could not read {Stream}; live viewers wait", LiveClickStream.Key);
                else logger.LogError(e, "The live feed failed; trying again");
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5_000, 100 << Math.Min(failures++, 6))), time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }
        await keepAlives;
    }

    private async Task SendKeepAlivesAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.KeepAliveInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) hub.SendKeepAlives();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>An entry's clicks; an entry this codec cannot read is logged and counts as empty, so the feed moves past it.</summary>
    internal static (StreamEntryId Id, List<LiveClick> Clicks) Decode(StreamEntry entry, ILogger logger)
    {
        var id = StreamEntryId.Parse(entry.Id!);
        try
        {
            return (id, LiveClickCodec.Decode(entry));
        }
        catch (FormatException e)
        {
            logger.LogWarning(e, "Skipping unreadable {Stream} entry {Id}", LiveClickStream.Key, entry.Id);
            return (id, []);
        }
    }
}
