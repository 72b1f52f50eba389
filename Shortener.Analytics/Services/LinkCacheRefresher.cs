using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Shortener.Core;
using Shortener.Core.Links;
using StackExchange.Redis;

namespace Shortener.Analytics.Services;

/// <summary>
/// Reads link.updated / link.deleted from the durable stream through the cache-refreshers consumer group and rewrites
/// L2 (Redis link:{slug}) from PostgreSQL, then broadcasts the slug's invalidation again so no api instance keeps a
/// copy taken from L2 before the repair. It re-reads rather than trusting the event, so repeats and reordering are
/// harmless; an entry is acknowledged only after L2 is written, and entries a dead instance held are claimed after 30 s.
/// </summary>
public sealed class LinkCacheRefresher(IConnectionMultiplexer redis, LinkTargetReader links, LinkTargetCache l2, TimeProvider time,
    ILogger<LinkCacheRefresher> logger) : BackgroundService, IHealthCheck
{
    private static readonly TimeSpan s_idlePoll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan s_claimAfter = TimeSpan.FromSeconds(30);
    private readonly string _consumer = $"{Environment.MachineName}-{Environment.ProcessId}";
    private volatile bool _ready;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await EnsureGroupAsync();
                _ready = true;
                var db = redis.GetDatabase();
                var claimed = await db.StreamAutoClaimAsync(LinkEvents.ChangesStream, LinkEvents.CacheRefreshersGroup, _consumer,
                    (long)s_claimAfter.TotalMilliseconds, "0-0", count: 100);
                var fresh = await db.StreamReadGroupAsync(LinkEvents.ChangesStream, LinkEvents.CacheRefreshersGroup, _consumer, ">", count: 100);
                foreach (var entry in claimed.ClaimedEntries.Concat(fresh)) await RefreshAsync(entry, stoppingToken);
                if (fresh.Length == 0) await Task.Delay(s_idlePoll, time, stoppingToken);
            }
            catch (Exception e) when (e is RedisException or TimeoutException or NpgsqlException)
            {
                _ready = false;
                logger.LogWarning(e, "Refreshing the link cache failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
    }

    private async Task RefreshAsync(StreamEntry entry, CancellationToken ct)
    {
        var slug = (string?)entry["slug"];
        if (!string.IsNullOrEmpty(slug))
        {
            await l2.SetAsync(slug, await links.FindAsync(slug, ct));
            // An api instance may have copied a stale L2 entry (filled by a reader that raced the change) into its L1.
            await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(LinkEvents.InvalidateChannel), slug);
            logger.LogDebug("Refreshed link:{Slug} after {Type}", slug, (string?)entry["type"]);
        }
        await redis.GetDatabase().StreamAcknowledgeAsync(LinkEvents.ChangesStream, LinkEvents.CacheRefreshersGroup, entry.Id);
    }

    private async Task EnsureGroupAsync()
    {
        if (_ready) return;
        // Changes appended before the group existed must still reach L2.
        await redis.GetDatabase().EnsureConsumerGroupAsync(LinkEvents.ChangesStream, LinkEvents.CacheRefreshersGroup);
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_ready && redis.IsConnected
            ? HealthCheckResult.Healthy($"Reading {LinkEvents.ChangesStream}.")
            : HealthCheckResult.Unhealthy($"Not reading {LinkEvents.ChangesStream}."));
}
