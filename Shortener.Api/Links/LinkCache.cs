using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Shortener.Core.Links;
using StackExchange.Redis;

namespace Shortener.Api.Links;

/// <summary>
/// The redirect's lookup: L1 in-process (bounded, short TTL), then L2 Redis link:{slug} (30 days), then PostgreSQL.
/// Unknown slugs are remembered briefly too, so scans don't reach the database. When Redis is down the redirect
/// still answers from L1 or PostgreSQL.
/// </summary>
public sealed class LinkCache(LinkTargetCache l2, LinkTargetReader l3, IOptions<LinkCacheOptions> options, ILogger<LinkCache> logger)
    : IDisposable
{
    private static readonly LinkTarget s_missing = new(0, "", null);
    private readonly MemoryCache _l1 = new(new MemoryCacheOptions { SizeLimit = options.Value.L1Capacity });
    private readonly TimeSpan _l1Ttl = options.Value.L1Ttl;

    // Bumped by every invalidation: a lookup that started before one must not put what it read into L1 after it.
    private long _generation;

    public async ValueTask<LinkTarget?> FindAsync(string slug, CancellationToken ct)
    {
        if (_l1.TryGetValue(slug, out LinkTarget? cached)) return ReferenceEquals(cached, s_missing) ? null : cached;

        var generation = Interlocked.Read(ref _generation);
        var target = await FromRedisAsync(slug);
        if (target is null)
        {
            target = await l3.FindAsync(slug, ct) ?? s_missing;
            await ToRedisAsync(slug, target);
        }
        if (Interlocked.Read(ref _generation) == generation)
            _l1.Set(slug, target, new MemoryCacheEntryOptions
            {
                Size = 1,
                AbsoluteExpirationRelativeToNow = ReferenceEquals(target, s_missing) ? LinkTargetCache.MissingTtl : _l1Ttl,
            });
        return ReferenceEquals(target, s_missing) ? null : target;
    }

    /// <summary>The link this instance holds in memory for <paramref name="slug"/>, if any: no I/O, no waiting.</summary>
    public bool TryGetInMemory(string slug, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LinkTarget? link)
    {
        if (_l1.TryGetValue(slug, out link) && link is not null && !ReferenceEquals(link, s_missing)) return true;
        link = null;
        return false;
    }

    /// <summary>Forgets this instance's copy of <paramref name="slug"/> (on a change here or a broadcast from another instance).</summary>
    public void Drop(string slug)
    {
        Interlocked.Increment(ref _generation);
        _l1.Remove(slug);
    }

    private async Task<LinkTarget?> FromRedisAsync(string slug)
    {
        if (!l2.IsConnected) return null;
        try
        {
            return await l2.GetAsync(slug) is { } hit ? hit.Target ?? s_missing : null;
        }
        catch (Exception e) when (e is RedisException or TimeoutException or System.Text.Json.JsonException)
        {
            logger.LogWarning(e, "Link cache read failed for {Slug}; reading PostgreSQL", slug);
            return null;
        }
    }

    private async Task ToRedisAsync(string slug, LinkTarget target)
    {
        if (!l2.IsConnected) return;
        try
        {
            await l2.AddAsync(slug, ReferenceEquals(target, s_missing) ? null : target);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning(e, "Link cache write failed for {Slug}", slug);
        }
    }

    public void Dispose() => _l1.Dispose();
}
