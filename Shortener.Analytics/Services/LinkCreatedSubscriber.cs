using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Shortener.Core;
using StackExchange.Redis;

namespace Shortener.Analytics.Services;

/// <summary>
/// Listens on link.created (best-effort pub/sub: a message sent while no subscriber listens is gone, which is why
/// this feeds a convenience counter and not the link data). Healthy once subscribed.
/// </summary>
public sealed class LinkCreatedSubscriber(IConnectionMultiplexer redis, LinkCreationCounter counter, ILogger<LinkCreatedSubscriber> logger)
    : BackgroundService, IHealthCheck
{
    private volatile bool _subscribed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var channel = RedisChannel.Literal(LinkEvents.CreatedChannel);
        while (!_subscribed && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                // SE.Redis re-subscribes by itself after a reconnect.
                await redis.GetSubscriber().SubscribeAsync(channel, (_, message) => HandleInBackground(message, stoppingToken));
                _subscribed = true;
            }
            catch (RedisException e)
            {
                logger.LogWarning(e, "Subscribing to {Channel} failed; retrying", LinkEvents.CreatedChannel);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private void HandleInBackground(RedisValue message, CancellationToken ct) => _ = HandleAsync(message, ct);

    private async Task HandleAsync(RedisValue message, CancellationToken ct)
    {
        try
        {
            var created = JsonSerializer.Deserialize<LinkCreated>((string)message!)
                ?? throw new JsonException("empty message");
            await counter.RecordAsync(created, ct);
        }
        catch (Exception e) when (e is JsonException or NpgsqlException or ArgumentNullException)
        {
            logger.LogError(e, "Could not record {Channel} message {Message}", LinkEvents.CreatedChannel, (string?)message);
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_subscribed && redis.IsConnected
            ? HealthCheckResult.Healthy($"Subscribed to {LinkEvents.CreatedChannel}.")
            : HealthCheckResult.Unhealthy($"Not subscribed to {LinkEvents.CreatedChannel}."));
}
