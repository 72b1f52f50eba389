using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using StackExchange.Redis;

namespace Shortener.Api.Links;

/// <summary>
/// The redirect's lookup: L1 in-process (short TTL), then L2 Redis link:{slug} (30 days), then PostgreSQL.
/// Unknown slugs are remembered briefly too, so scans don't reach the database. When Redis is down the redirect
/// still answers from L1 or PostgreSQL.
/// </summary>
public sealed class LinkCache(IMemoryCache memory, IConnectionMultiplexer redis, LinkStore store, ILogger<LinkCache> logger)
{
    private static readonly TimeSpan s_l1Ttl = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_l2Ttl = TimeSpan.FromDays(30);
    private static readonly TimeSpan s_missingTtl = TimeSpan.FromSeconds(10);
    private static readonly LinkTarget s_missing = new(0, "", null);

    public static RedisKey KeyFor(string slug) => $"link:{slug}";

    public async ValueTask<LinkTarget?> FindAsync(string slug, CancellationToken ct)
    {
        if (memory.TryGetValue(slug, out LinkTarget? cached)) return ReferenceEquals(cached, s_missing) ? null : cached;

        var target = await FromRedisAsync(slug);
        if (target is null)
        {
            var row = await store.FindAsync(slug, ct);
            target = row is null ? s_missing : LinkTarget.From(row);
            await ToRedisAsync(slug, target);
        }
        memory.Set(slug, target, ReferenceEquals(target, s_missing) ? s_missingTtl : s_l1Ttl);
        return ReferenceEquals(target, s_missing) ? null : target;
    }

    private async Task<LinkTarget?> FromRedisAsync(string slug)
    {
        try
        {
            var value = await redis.GetDatabase().StringGetAsync(KeyFor(slug));
            if (value.IsNullOrEmpty) return null;
            return value == "-" ? s_missing : JsonSerializer.Deserialize<LinkTarget>((string)value!);
        }
        catch (Exception e) when (e is RedisException or JsonException)
        {
            logger.LogWarning(e, "Link cache read failed for {Slug}; reading PostgreSQL", slug);
            return null;
        }
    }

    private async Task ToRedisAsync(string slug, LinkTarget target)
    {
        try
        {
            var missing = ReferenceEquals(target, s_missing);
            await redis.GetDatabase().StringSetAsync(KeyFor(slug), missing ? "-" : JsonSerializer.Serialize(target),
                missing ? s_missingTtl : s_l2Ttl, flags: CommandFlags.FireAndForget);
        }
        catch (RedisException e)
        {
            logger.LogWarning(e, "Link cache write failed for {Slug}", slug);
        }
    }
}
