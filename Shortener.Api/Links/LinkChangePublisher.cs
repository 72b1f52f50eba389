using Shortener.Core;
using Shortener.Core.Links;
using StackExchange.Redis;

namespace Shortener.Api.Links;

/// <summary>
/// After a link changes: drop L2 (so no instance refills L1 from it), append link.updated / link.deleted to the durable
/// stream (the refresher in analytics rewrites L2 from PostgreSQL, repairing any refill that raced the change), and
/// broadcast an invalidation so every api instance drops its L1 entry.
/// </summary>
public sealed class LinkChangePublisher(IConnectionMultiplexer redis, LinkTargetCache l2, LinkCache cache, LinkChangeOutbox outbox,
    ILogger<LinkChangePublisher> logger)
{
    private const int StreamMaxLength = 100_000;

    /// <summary>Publishes a committed change; when Redis is unreachable the outbox relay publishes it later.</summary>
    public async Task PublishCommittedAsync(LinkChanged change, long outboxId, CancellationToken ct)
    {
        cache.Drop(change.Slug);
        if (!redis.IsConnected)
        {
            logger.LogWarning("Redis is unreachable; the outbox relay will publish {Type} for {Slug}", change.Type, change.Slug);
            return;
        }
        try
        {
            await PublishAsync(change);
            await outbox.RemoveAsync(outboxId, ct);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning(e, "Could not publish {Type} for {Slug} now; the outbox relay will", change.Type, change.Slug);
        }
    }

    public async Task PublishAsync(LinkChanged change)
    {
        var db = redis.GetDatabase();
        await l2.RemoveAsync(change.Slug);
        await db.StreamAddAsync(LinkEvents.ChangesStream,
            [new("type", change.Type), new("id", change.Id), new("slug", change.Slug)], maxLength: StreamMaxLength, useApproximateMaxLength: true);
        await BroadcastAsync(change.Slug);
    }

    /// <summary>A new link may sit behind a negative cache entry ("no such slug"); clear it everywhere, best effort (it expires in seconds anyway).</summary>
    public async Task ForgetMissingAsync(string slug)
    {
        cache.Drop(slug);
        if (!redis.IsConnected) return;
        try
        {
            await l2.RemoveAsync(slug);
            await BroadcastAsync(slug);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning(e, "Could not clear cached misses for new link {Slug}", slug);
        }
    }

    /// <summary>
    /// <see cref="ForgetMissingAsync(string)"/> for many new links (bulk create), with their link.created, all pipelined in
    /// one round trip; best effort like the single ones.
    /// </summary>
    public async Task ForgetMissingAndAnnounceAsync(IReadOnlyCollection<(long Id, string Slug, DateTimeOffset CreatedAt)> links)
    {
        foreach (var link in links) cache.Drop(link.Slug);
        if (!redis.IsConnected || links.Count == 0) return;
        try
        {
            var batch = redis.GetDatabase().CreateBatch();
            var sent = new List<Task>(links.Count * 3);
            foreach (var (id, slug, createdAt) in links)
            {
                sent.Add(batch.KeyDeleteAsync(LinkTargetCache.KeyFor(slug)));
                sent.Add(batch.PublishAsync(RedisChannel.Literal(LinkEvents.InvalidateChannel), slug));
                sent.Add(batch.PublishAsync(RedisChannel.Literal(LinkEvents.CreatedChannel),
                    System.Text.Json.JsonSerializer.Serialize(new LinkCreated(id, slug, createdAt))));
            }
            batch.Execute();
            await Task.WhenAll(sent);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning(e, "Could not clear cached misses or announce {Count} new links", links.Count);
        }
    }

    private Task BroadcastAsync(string slug) =>
        redis.GetSubscriber().PublishAsync(RedisChannel.Literal(LinkEvents.InvalidateChannel), slug);
}
