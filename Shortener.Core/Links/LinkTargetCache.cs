using System.Text.Json;
using StackExchange.Redis;

namespace Shortener.Core.Links;

/// <summary>
/// L2: Redis <c>link:{slug}</c>, shared by every api instance and repaired by the cache refresher.
/// "-" marks a slug known not to exist (kept briefly). Readers only fill an absent key, so a reader holding an old
/// row can never overwrite what the refresher wrote after a change.
/// </summary>
public sealed class LinkTargetCache(IConnectionMultiplexer redis)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromDays(30);
    public static readonly TimeSpan MissingTtl = TimeSpan.FromSeconds(10);
    private const string Missing = "-";

    public static RedisKey KeyFor(string slug) => $"link:{slug}";

    /// <summary>False while Redis is unreachable: callers skip L2 then instead of waiting out the command timeout.</summary>
    public bool IsConnected => redis.IsConnected;

    /// <summary>Null when Redis has nothing; otherwise the cached answer, whose Target is null for a known-missing slug.</summary>
    public async Task<CachedLink?> GetAsync(string slug)
    {
        var value = await redis.GetDatabase().StringGetAsync(KeyFor(slug));
        if (value.IsNullOrEmpty) return null;
        if (value == Missing) return new CachedLink(null);
        var target = JsonSerializer.Deserialize((string)value!, LinkTargetJsonContext.Default.LinkTarget);
        // An entry written before targets were stored as ASCII: convert it as the reader would (a no-op for ASCII).
        if (target is null || TargetUrl.AsStored(target.Url) is not { } url) return null;
        return new CachedLink(ReferenceEquals(url, target.Url) ? target : target with { Url = url });
    }

    public Task AddAsync(string slug, LinkTarget? target) => WriteAsync(slug, target, When.NotExists, CommandFlags.FireAndForget);

    public Task SetAsync(string slug, LinkTarget? target) => WriteAsync(slug, target, When.Always, CommandFlags.None);

    public Task RemoveAsync(string slug) => redis.GetDatabase().KeyDeleteAsync(KeyFor(slug));

    private Task WriteAsync(string slug, LinkTarget? target, When when, CommandFlags flags) =>
        redis.GetDatabase().StringSetAsync(KeyFor(slug),
            target is null ? Missing : JsonSerializer.Serialize(target, LinkTargetJsonContext.Default.LinkTarget),
            target is null ? MissingTtl : Ttl, when: when, flags: flags);
}

public sealed record CachedLink(LinkTarget? Target);
