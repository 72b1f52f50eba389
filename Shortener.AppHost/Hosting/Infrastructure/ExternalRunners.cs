using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Shortener.Hosting;

/// <summary>A server the AppHost did not start (existing-servers mode): it is only watched, never stopped.</summary>
internal sealed class ExistingServerRunner(IResourceWithConnectionString resource, ResourceLogger logger) : ResourceRunner(logger)
{
    public override Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public override Task StopAsync(TimeSpan timeout) => Task.CompletedTask;

    public override string? Url => resource.ConnectionProperties.TryGetValue("HOST", out var h) ? $"{h}:{resource.ConnectionProperties["PORT"]}" : null;

    public override Task<HealthStatus> CheckHealthAsync(CancellationToken cancellationToken) => resource switch
    {
        RedisResource r => HealthProbes.RedisAsync(r.ConnectionProperties["HOST"], int.Parse(r.ConnectionProperties["PORT"]),
            r.ConnectionProperties["PASSWORD"], cancellationToken),
        _ => HealthProbes.PostgresAsync(resource.ConnectionString, cancellationToken),
    };
}

/// <summary>A database inside a server: created once its server is healthy, healthy when it accepts connections.</summary>
internal sealed class PostgresDatabaseRunner(PostgresDatabaseResource database, ResourceLogger logger) : ResourceRunner(logger)
{
    public override string? Url => null;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (database.Parent.ExistingConnectionString is not null) return; // an existing server's database is the user's to create
        var admin = new NpgsqlConnectionStringBuilder(database.Parent.ConnectionString) { Database = "postgres", Pooling = false };
        await using var conn = new NpgsqlConnection(admin.ConnectionString);
        await conn.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", conn);
        exists.Parameters.AddWithValue(database.DatabaseName);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null) return;
        var quoted = "\"" + database.DatabaseName.Replace("\"", "\"\"") + "\"";
        await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", conn);
        await create.ExecuteNonQueryAsync(cancellationToken);
        Logger.Write($"created database {database.DatabaseName}");
    }

    public override Task StopAsync(TimeSpan timeout) => Task.CompletedTask;

    public override Task<HealthStatus> CheckHealthAsync(CancellationToken cancellationToken) =>
        HealthProbes.PostgresAsync(database.ConnectionString, cancellationToken);
}

/// <summary>Placeholder for parameters: values, not processes; they are Running as soon as the app starts.</summary>
internal sealed class ParameterRunner(ResourceLogger logger) : ResourceRunner(logger)
{
    public override string? Url => null;
    public override Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public override Task StopAsync(TimeSpan timeout) => Task.CompletedTask;
    public override Task<HealthStatus> CheckHealthAsync(CancellationToken cancellationToken) => Task.FromResult(HealthStatus.Healthy);
}
