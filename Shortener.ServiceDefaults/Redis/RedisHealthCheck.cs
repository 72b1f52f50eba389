using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Shortener.ServiceDefaults.Redis;

/// <summary>PINGs every configured endpoint (CLUSTER INFO on cluster nodes).</summary>
/// <param name="connection">
/// Resolved inside the check: creating the multiplexer may throw, and that must end as an
/// Unhealthy result rather than an exception out of the health endpoint.
/// </param>
internal sealed class RedisHealthCheck(Func<IConnectionMultiplexer> connection) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var multiplexer = connection();
            foreach (var endPoint in multiplexer.GetEndPoints(configuredOnly: true))
            {
                var server = multiplexer.GetServer(endPoint);
                if (server.ServerType == ServerType.Cluster)
                {
                    var info = await server.ExecuteAsync("CLUSTER", "INFO").WaitAsync(cancellationToken);
                    if (info.IsNull || !info.ToString().Contains("cluster_state:ok", StringComparison.Ordinal))
                    {
                        return new HealthCheckResult(context.Registration.FailureStatus, $"CLUSTER INFO on {endPoint} is not ok.");
                    }
                }
                else
                {
                    // StackExchange.Redis takes no cancellation token; WaitAsync keeps the check's timeout honest.
                    await multiplexer.GetDatabase().PingAsync().WaitAsync(cancellationToken);
                    await server.PingAsync().WaitAsync(cancellationToken);
                }
            }

            return HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, ex.Message, ex);
        }
    }
}
