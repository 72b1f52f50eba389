using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Npgsql;
using Shortener.Core.Webhooks;
using Shortener.Worker.Extensions;

namespace Shortener.Worker.Webhooks;

/// <summary>
/// Sends due deliveries, each endpoint in a lane of its own: a lane holds the endpoint's sender lease (one worker per
/// endpoint at a time), takes its due deliveries a batch at a time, sends them under the endpoint's own limits
/// (PermitsPerSecond, MaxConcurrentPerEndpoint) and records how they went, until none is due. A slow or dead receiver
/// fills only its own lane, so it holds up no other endpoint.
/// </summary>
public sealed class WebhookDispatcher(DeliveryQueue queue, WebhookSender sender, DeliveryOutcomes outcomes, DeliveryWakeup wakeup,
    IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<long, Task> _lanes = new();
    private readonly ConcurrentDictionary<long, RateLimiter> _limiters = new();
    private readonly string _sender = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    foreach (var endpoint in await queue.DueEndpointsAsync(_sender, time.GetUtcNow(), stoppingToken))
                    {
                        if (_lanes.ContainsKey(endpoint)) continue;
                        var lane = new TaskCompletionSource();
                        if (!_lanes.TryAdd(endpoint, lane.Task)) continue;
                        _ = Task.Run(() => RunLaneAsync(endpoint, lane, stoppingToken), CancellationToken.None);
                    }
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException)
                {
                    logger.LogWarning(e, "Could not look for due webhook deliveries; trying again at the next poll");
                }
                await wakeup.WaitAsync(options.Value.PollInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await Task.WhenAll(_lanes.Values);
            foreach (var limiter in _limiters.Values) limiter.Dispose();
        }
    }

    private async Task RunLaneAsync(long endpointId, TaskCompletionSource lane, CancellationToken ct)
    {
        try
        {
            var o = options.Value;
            var limiter = _limiters.GetOrAdd(endpointId, _ => PerSecondLimiter.Create(o.PermitsPerSecond));
            // About two seconds' worth at the endpoint's rate: what one lease must cover, with the slowest answer.
            var take = (int)Math.Clamp(Math.Ceiling(o.PermitsPerSecond * 2), o.MaxConcurrentPerEndpoint, o.BatchSize);
            var lease = o.Timeout + TimeSpan.FromSeconds(2 * take / o.PermitsPerSecond) + TimeSpan.FromSeconds(5);
            while (!ct.IsCancellationRequested)
            {
                var now = time.GetUtcNow();
                if (await queue.LeaseAsync(endpointId, _sender, now, now + lease, ct) is not { } endpoint) return;
                var batch = await queue.DueAsync(endpointId, take, now, ct);
                if (batch.Count == 0) break;
                var keys = endpoint.SigningKeys(now);
                var results = new AttemptResult[batch.Count];
                await Parallel.ForEachAsync(Enumerable.Range(0, batch.Count),
                    new ParallelOptions { MaxDegreeOfParallelism = o.MaxConcurrentPerEndpoint, CancellationToken = ct }, async (i, token) =>
                    {
                        if (batch[i].Body is not { } body)
                        {
                            results[i] = AttemptResult.ClickGone;
                            return;
                        }
                        using var permit = await limiter.AcquireAsync(1, token);
                        results[i] = await sender.SendAsync(endpoint.Url, batch[i].Id.ToString(), body, keys, token);
                    });
                if (!await outcomes.RecordAsync(endpoint, batch, results, ct)) break;
            }
            await queue.ReleaseAsync(endpointId, _sender, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: what was claimed and not recorded is sent again, with the same ids, once its lease is over.
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Webhook {Endpoint}: sending deliveries failed; the ones claimed are retried when their lease ends", endpointId);
        }
        finally
        {
            _lanes.TryRemove(endpointId, out _);
            lane.SetResult();
        }
    }
}
