using Shortener.Core;
using StackExchange.Redis;

namespace Shortener.Api.Links;

/// <summary>Drops this instance's L1 entry whenever any instance broadcasts that a slug changed.</summary>
public sealed class LinkInvalidationSubscriber(IConnectionMultiplexer redis, LinkCache cache, TimeProvider time,
    ILogger<LinkInvalidationSubscriber> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // SE.Redis re-subscribes by itself after a reconnect; until then L1's short TTL bounds staleness.
                await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(LinkEvents.InvalidateChannel),
                    (_, slug) => { if (!slug.IsNullOrEmpty) cache.Drop(slug!); });
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                logger.LogWarning(e, "Subscribing to {Channel} failed; retrying", LinkEvents.InvalidateChannel);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
    }
}
