using StackExchange.Redis;

namespace Shortener.Api.Links;

/// <summary>
/// max_clicks, enforced exactly: Redis keeps served:{id}, the number of redirects served, shared by all api instances,
/// and one script checks and increments it atomically, so no two redirects can take the last click. Refusals don't
/// count, so raising max_clicks with PUT allows exactly the difference. HEAD requests and password-form views take
/// none; a redirect whose client goes away after taking its click still used it. If Redis is unreachable the answer
/// is unknown (null) and the redirect refuses rather than risk exceeding the limit.
/// </summary>
public sealed class ClickQuota(IConnectionMultiplexer redis, ILogger<ClickQuota> logger)
{
    private const string TakeScript = """
        if tonumber(redis.call('GET', KEYS[1]) or '0') < tonumber(ARGV[1]) then
            redis.call('INCR', KEYS[1])
            return 1
        end
        return 0
        """;

    public static RedisKey KeyFor(long linkId) => $"served:{linkId}";

    public async Task<bool?> TryTakeAsync(long linkId, long maxClicks)
    {
        if (!redis.IsConnected) return null;
        try
        {
            return (long)await redis.GetDatabase().ScriptEvaluateAsync(TakeScript, [KeyFor(linkId)], [maxClicks]) == 1;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning(e, "Could not count a redirect of link {LinkId} against its max_clicks", linkId);
            return null;
        }
    }

    /// <summary>For HEAD: whether the limit is used up, without taking a click (false when Redis can't say).</summary>
    public async Task<bool> IsExhaustedAsync(long linkId, long maxClicks)
    {
        if (!redis.IsConnected) return false;
        try
        {
            return (long)await redis.GetDatabase().StringGetAsync(KeyFor(linkId)) >= maxClicks;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogDebug(e, "Could not read the click count of link {LinkId}", linkId);
            return false;
        }
    }
}
