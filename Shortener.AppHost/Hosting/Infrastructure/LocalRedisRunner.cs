using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Shortener.Hosting;

/// <summary>redis-server from the machine's binaries, AOF on, password required, bound to loopback only.</summary>
internal sealed class LocalRedisRunner(RedisResource redis, string redisServer, string dataDirectory, ResourceLogger logger)
    : ProcessRunner(logger)
{
    // On SIGTERM Redis fsyncs the AOF and exits cleanly.
    protected override int StopSignal => ManagedProcess.SigTerm;

    public override string? Url => $"localhost:{redis.Port}";

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataDirectory);
        Launch(new ProcessStartInfo("setsid",
        [
            redisServer, "--port", redis.Port.ToString(), "--bind", "127.0.0.1", "-::1", "--protected-mode", "yes",
            "--requirepass", redis.Password.Value, "--dir", dataDirectory,
            "--appendonly", "yes", "--appendfsync", "everysec", "--save", "", "--daemonize", "no",
        ]) { WorkingDirectory = dataDirectory });
        return Task.CompletedTask;
    }

    public override Task<HealthStatus> CheckHealthAsync(CancellationToken cancellationToken) =>
        HealthProbes.RedisAsync("localhost", redis.Port, redis.Password.Value, cancellationToken);
}
