using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Shortener.ServiceDefaults.Npgsql;

/// <summary>Opens a pooled connection and runs <c>SELECT 1</c>: proves the server answers queries, not just accepts sockets.</summary>
internal sealed class NpgsqlHealthCheck(Func<NpgsqlDataSource> dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // Resolved here rather than when the check is built, so a bad configuration reports
            // Unhealthy with its reason instead of failing the whole /health request.
            await using var connection = await dataSource().OpenConnectionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, ex.Message, ex);
        }
    }
}
