using Npgsql;
using StackExchange.Redis;

namespace Shortener.Api.Links;

/// <summary>Publishes link changes whose immediate publish failed (Redis was unreachable), once Redis answers again.</summary>
public sealed class LinkChangeRelay(LinkChangeOutbox outbox, LinkChangePublisher publisher, TimeProvider time, ILogger<LinkChangeRelay> logger)
    : BackgroundService
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(s_interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var relayed = await outbox.RelayAsync(publisher.PublishAsync, stoppingToken);
                if (relayed > 0) logger.LogInformation("Relayed {Count} pending link changes", relayed);
            }
            catch (Exception e) when (e is RedisException or TimeoutException or NpgsqlException)
            {
                logger.LogWarning(e, "Relaying pending link changes failed; retrying in {Interval}", s_interval);
            }
        }
    }
}
