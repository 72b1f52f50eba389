using Microsoft.Extensions.Diagnostics.HealthChecks;
using Shortener.Core.Clicks;
using Shortener.Api.Clicks;
using StackExchange.Redis;

namespace Shortener.Api.Health;

/// <summary>The click stream exists with its consumer group; reports its length and what the workers have not acknowledged.</summary>
public sealed class ClickStreamHealthCheck(IConnectionMultiplexer redis, ClickBuffer buffer) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var db = redis.GetDatabase();
            var groups = await db.StreamGroupInfoAsync(ClickStream.Key);
            var group = groups.FirstOrDefault(g => g.Name == ClickStream.ConsumerGroup);
            var data = new Dictionary<string, object>
            {
                ["length"] = await db.StreamLengthAsync(ClickStream.Key),
                ["pending"] = group.PendingMessageCount,
                ["consumers"] = group.ConsumerCount,
                ["buffered_in_api"] = buffer.Count,
                ["dropped_in_api"] = buffer.Dropped,
            };
            return group.Name is null
                ? HealthCheckResult.Unhealthy($"Consumer group '{ClickStream.ConsumerGroup}' is missing on {ClickStream.Key}.", data: data)
                : HealthCheckResult.Healthy($"{ClickStream.Key} is readable by '{ClickStream.ConsumerGroup}'.", data);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"{ClickStream.Key} cannot be read.", e);
        }
    }
}
