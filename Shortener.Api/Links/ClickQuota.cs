using StackExchange.Redis;

namespace Shortener.Api.Links;

/// <summary>
/// max_clicks, enforced exactly: every counted redirect (a GET that is about to redirect) takes a number from one Redis
/// INCR per link, shared by all api instances; numbers above the limit answer 410. HEAD requests and password-form views
/// take none. A redirect whose client goes away after the INCR still used its number. If Redis is unreachable the
/// answer is unknown (null) and the redirect refuses rather than risk exceeding the limit.
/// </summary>
public sealed class ClickQuota(IConnectionMultiplexer redis, ILogger<ClickQuota> logger)
{
    public static RedisKey KeyFor(long linkId) => $"served:{linkId}";

    public async Task<bool?> TryTakeAsync(long linkId, long maxClicks)
    {
        if (!redis.IsConnected) return null;
        try
        {
            return await redis.GetDatabase().StringIncrementAsync(KeyFor(linkId)) <= maxClicks;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning(e, "Could not count a redirect of link {LinkId} against its max_clicks", linkId);
            return null;
        }
    }
}
