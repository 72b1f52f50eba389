using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Dapper;
using Npgsql;
using Shortener.Core.Streams;

namespace Shortener.Api.Clicks;

public sealed record RedisDataLossSummary(long Incidents, long ClicksLost, long ClicksResent, long ClicksPossiblyLost, DateTimeOffset? LastDetectedAt);

/// <summary>
/// Makes a loss of clicks inside Redis loud: an error in the log, metrics, and a row in PostgreSQL for /worker/status.
/// The row is written in the background and retried, so a database outage neither hides it nor stalls the flusher.
/// </summary>
public sealed class RedisLossReporter(NpgsqlDataSource db, IMeterFactory meters, TimeProvider time, ILogger<RedisLossReporter> logger)
    : BackgroundService
{
    private readonly Channel<Incident> _unrecorded = Channel.CreateUnbounded<Incident>();
    private readonly Counter<long> _lost = meters.Create(ClickBuffer.MeterName).CreateCounter<long>("shortener.clicks.lost_in_redis",
        description: "Clicks Redis had acknowledged and then no longer held");
    private readonly Counter<long> _resent = meters.Create(ClickBuffer.MeterName).CreateCounter<long>("shortener.clicks.resent",
        description: "Lost clicks sent again from the api's log");
    private readonly Counter<long> _possiblyLost = meters.Create(ClickBuffer.MeterName).CreateCounter<long>("shortener.clicks.possibly_lost",
        description: "Lost clicks no longer in the api's log, which a worker may not have stored");

    public void Report<T>(StreamPipeline pipeline, string sender, SentLoss<T> loss)
    {
        var stream = new KeyValuePair<string, object?>("stream", pipeline.Name);
        _lost.Add(loss.Lost, stream);
        _resent.Add(loss.Resent, stream);
        _possiblyLost.Add(loss.PossiblyLost, stream);
        logger.LogError("Redis lost {Lost} {Kind} this api had sent (its send counter went back to {Persisted}); sending {Resent} again, " +
            "{PossiblyLost} possibly lost (dropped from the replay log before a worker acknowledged them)",
            loss.Lost, pipeline.Name, loss.Persisted, loss.Resent, loss.PossiblyLost);
        _unrecorded.Writer.TryWrite(new Incident(time.GetUtcNow(), pipeline.Name, sender, loss.Lost, loss.Resent, loss.PossiblyLost));
    }

    public async Task<RedisDataLossSummary> ReadSummaryAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var (incidents, lost, resent, possiblyLost, last) = await conn.QuerySingleAsync<(long, long, long, long, DateTimeOffset?)>(
            new CommandDefinition("""
                SELECT count(*), coalesce(sum(clicks_lost), 0)::bigint, coalesce(sum(clicks_resent), 0)::bigint,
                       coalesce(sum(clicks_possibly_lost), 0)::bigint, max(detected_at)
                FROM redis_data_losses WHERE stream = 'clicks'
                """, cancellationToken: ct));
        return new RedisDataLossSummary(incidents, lost, resent, possiblyLost, last);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var incident in _unrecorded.Reader.ReadAllAsync(stoppingToken))
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await RecordAsync(incident, stoppingToken);
                    break;
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Could not record a Redis data loss yet; retrying");
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(30_000, 200 * Math.Pow(2, Math.Min(attempt, 8)))), time, stoppingToken);
                }
            }
        }
    }

    private async Task RecordAsync(Incident incident, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO redis_data_losses (detected_at, stream, sender, clicks_lost, clicks_resent, clicks_possibly_lost)
            VALUES (@DetectedAt, @Stream, @Sender, @Lost, @Resent, @PossiblyLost)
            """, incident, cancellationToken: ct));
    }

    private sealed record Incident(DateTimeOffset DetectedAt, string Stream, string Sender, long Lost, long Resent, long PossiblyLost);
}
