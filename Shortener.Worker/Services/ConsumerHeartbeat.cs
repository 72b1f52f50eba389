using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Shortener.Worker.Services;

/// <summary>The consumer loop beats on every pass; a loop that stopped turning makes the worker unhealthy.</summary>
public class ConsumerHeartbeat(TimeProvider time) : IHealthCheck
{
    private static readonly TimeSpan s_stale = TimeSpan.FromSeconds(30);
    private long _lastBeat;

    protected virtual string What => "click consumer";

    public DateTimeOffset? LastBeat => Interlocked.Read(ref _lastBeat) is var t and > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(t) : null;

    public void Beat() => Interlocked.Exchange(ref _lastBeat, time.GetUtcNow().ToUnixTimeMilliseconds());

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var last = LastBeat;
        return Task.FromResult(last is null
            ? HealthCheckResult.Unhealthy($"The {What} has not started yet.")
            : time.GetUtcNow() - last > s_stale
                ? HealthCheckResult.Unhealthy($"The {What} last ran at {last:O}.")
                : HealthCheckResult.Healthy($"The {What} ran at {last:O}."));
    }
}
