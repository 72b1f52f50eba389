using Microsoft.Extensions.DependencyInjection;

namespace Shortener.AppHost.LocalServers;

/// <summary>The machine's own redis-server, run by DCP as an executable, with the connection string AddRedis gives.</summary>
public sealed class LocalRedisResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";

    public ParameterResource PasswordParameter { get; } = password;
    public EndpointReference PrimaryEndpoint => new(this, EndpointName);
    public EndpointReferenceExpression Host => PrimaryEndpoint.Property(EndpointProperty.Host);
    public EndpointReferenceExpression Port => PrimaryEndpoint.Property(EndpointProperty.Port);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)},password={PasswordParameter}");

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties() =>
    [
        new("Host", ReferenceExpression.Create($"{Host}")),
        new("Port", ReferenceExpression.Create($"{Port}")),
        new("Password", ReferenceExpression.Create($"{PasswordParameter}")),
        new("Uri", ReferenceExpression.Create($"redis://:{PasswordParameter:uri}@{Host}:{Port}")),
    ];
}

public static class LocalRedisExtensions
{
    /// <summary>
    /// redis-server from the machine's binaries on a port DCP picks, bound to loopback, with a password and the AOF on
    /// (fsync every second), as the click pipeline's exactness needs. Its data stays in the data directory between runs.
    /// </summary>
    public static IResourceBuilder<LocalRedisResource> AddLocalRedis(this IDistributedApplicationBuilder builder,
        [ResourceName] string name, LocalServerSettings settings)
    {
        var redisServer = settings.RedisServer;
        var dataDirectory = Path.Combine(settings.DataRoot, name);
        Directory.CreateDirectory(dataDirectory);
        var password = builder.AddGeneratedPassword($"{name}-password");
        var redis = new LocalRedisResource(name, redisServer, dataDirectory, password.Resource);

        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(redis, async (_, ct) =>
            connectionString = await redis.ConnectionStringExpression.GetValueAsync(ct));
        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().AddRedis(_ => connectionString ?? throw new InvalidOperationException("The connection string is not known yet."), name: healthCheck);

        return builder.AddResource(redis)
            .WithEndpoint(name: LocalRedisResource.EndpointName, scheme: "redis", isProxied: false)
            .WithArgs(context =>
            {
                // On SIGTERM (DCP's stop) Redis fsyncs the AOF and exits cleanly.
                context.Args.Add("--port");
                context.Args.Add(redis.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                foreach (var arg in new[] { "--bind", "127.0.0.1", "-::1", "--protected-mode", "yes", "--dir", dataDirectory,
                             "--appendonly", "yes", "--appendfsync", "everysec", "--save", "", "--daemonize", "no", "--requirepass" })
                    context.Args.Add(arg);
                context.Args.Add(password.Resource);
            })
            .WithHealthCheck(healthCheck)
            .ExcludeFromManifest();
    }
}
