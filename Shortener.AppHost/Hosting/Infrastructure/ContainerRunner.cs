using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Shortener.Hosting;

/// <summary>
/// PostgreSQL or Redis in a container, for machines with docker or podman and no local servers. Runs in the foreground
/// so the container's output is the resource's log; the images are the ones Aspire 13 uses.
/// This path cannot be exercised on machines without a container engine (see README).
/// </summary>
internal sealed class ContainerRunner(string engine, IResource resource, int port, string dataDirectory, ResourceLogger logger)
    : ProcessRunner(logger)
{
    private readonly string _containerName = $"shortener-{resource.Name}-{port}";

    protected override int StopSignal => ManagedProcess.SigTerm;

    public override string? Url => $"localhost:{port}";

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataDirectory);
        string[] common = ["run", "--rm", "--name", _containerName];
        string[] args = resource switch
        {
            PostgresServerResource pg =>
            [
                .. common, "-p", $"127.0.0.1:{port}:5432", "-e", $"POSTGRES_USER={PostgresServerResource.UserName}",
                "-e", $"POSTGRES_PASSWORD={pg.Password.Value}", "-v", $"{dataDirectory}:/var/lib/postgresql/data",
                "docker.io/library/postgres:17.6",
            ],
            RedisResource redis =>
            [
                .. common, "-p", $"127.0.0.1:{port}:6379", "-v", $"{dataDirectory}:/data", "docker.io/library/redis:8.2",
                "redis-server", "--requirepass", redis.Password.Value, "--appendonly", "yes",
            ],
            _ => throw new NotSupportedException($"No container image for '{resource.Name}'."),
        };
        Launch(new ProcessStartInfo("setsid", [engine, .. args]));
        return Task.CompletedTask;
    }

    public override async Task StopAsync(TimeSpan timeout)
    {
        await ServerBinaries.RunAsync(Logger, engine, ["stop", "--time", ((int)timeout.TotalSeconds).ToString(), _containerName], CancellationToken.None);
        await base.StopAsync(timeout);
    }

    public override Task<HealthStatus> CheckHealthAsync(CancellationToken cancellationToken) => resource switch
    {
        PostgresServerResource pg => HealthProbes.PostgresAsync(pg.ConnectionString + ";Database=postgres", cancellationToken),
        RedisResource redis => HealthProbes.RedisAsync("localhost", port, redis.Password.Value, cancellationToken),
        _ => Task.FromResult(HealthStatus.Unhealthy),
    };
}
