namespace Shortener.Hosting;

/// <summary>Turns the described model into runnable resources: picks the infrastructure mode, ports, secrets and runners.</summary>
internal static class AppModelPreparer
{
    public static void Prepare(DistributedApplicationBuilder builder, DataDirectories data, ApplicationOrchestrator orchestrator)
    {
        var options = builder.Options;
        var resources = builder.Resources;
        new SecretStore(data.ThrowAway ? null : data.SecretsFile).Fill(resources.OfType<ParameterResource>());

        var mode = ResolveMode(options.Infrastructure, builder.Configuration);
        string? pgBin = null, redisServer = null, engine = null;
        switch (mode)
        {
            case InfrastructureMode.Local:
                pgBin = ServerBinaries.FindPostgresBinDirectory();
                redisServer = ServerBinaries.FindRedisServer();
                RequireLocalPrerequisites(pgBin, redisServer);
                break;
            case InfrastructureMode.Containers:
                engine = ServerBinaries.FindContainerEngine()
                    ?? throw new DistributedApplicationException("AppHost:Infrastructure=Containers, but neither docker nor podman answers.");
                break;
        }
        if (data.Note is not null) orchestrator.Report(data.Note);
        orchestrator.Report($"infrastructure: {Describe(mode, engine)}; data in {data.Root}");

        foreach (var resource in resources)
        {
            var logger = new ResourceLogger(resource.Name, Path.Combine(data.Logs, resource.Name + ".log"),
                echo: !options.IsTesting && resource is not ParameterResource);
            ResourceRunner runner = resource switch
            {
                ParameterResource => new ParameterRunner(logger),
                ProjectResource project => PrepareProject(project, options, logger),
                PostgresDatabaseResource db => new PostgresDatabaseRunner(db, logger),
                PostgresServerResource pg when mode == InfrastructureMode.Existing => Existing(pg, builder, logger),
                RedisResource redis when mode == InfrastructureMode.Existing => Existing(redis, builder, logger),
                PostgresServerResource pg when mode == InfrastructureMode.Containers =>
                    new ContainerRunner(engine!, pg, pg.Port = PortAllocator.GetFreePort(), data.For(pg), logger),
                RedisResource redis when mode == InfrastructureMode.Containers =>
                    new ContainerRunner(engine!, redis, redis.Port = PortAllocator.GetFreePort(), data.For(redis), logger),
                PostgresServerResource pg => new LocalPostgresRunner(WithPort(pg), pgBin!, data.For(pg), durable: !options.IsTesting, logger),
                RedisResource redis => new LocalRedisRunner(WithPort(redis), redisServer!, data.For(redis), logger),
                _ => throw new NotSupportedException($"Resource type {resource.GetType().Name} is not supported."),
            };
            orchestrator.Add(resource, runner);
        }
    }

    public static InfrastructureMode ResolveMode(InfrastructureMode configured, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        if (configured != InfrastructureMode.Auto) return configured;
        if (!string.IsNullOrEmpty(configuration["ConnectionStrings:shortenerdb"]) && !string.IsNullOrEmpty(configuration["ConnectionStrings:cache"]))
            return InfrastructureMode.Existing;
        if (ServerBinaries.FindPostgresBinDirectory() is not null && ServerBinaries.FindRedisServer() is not null) return InfrastructureMode.Local;
        return ServerBinaries.FindContainerEngine() is not null ? InfrastructureMode.Containers : InfrastructureMode.Local;
    }

    internal static void RequireLocalPrerequisites(string? pgBin, string? redisServer)
    {
        var missing = new List<string>();
        if (pgBin is null) missing.Add("postgresql");
        if (redisServer is null) missing.Add("redis-server");
        if (ServerBinaries.IsRoot && pgBin is not null && !AccountExists(LocalPostgresRunner.ServiceAccount)) missing.Add("postgresql (its 'postgres' account)");
        if (missing.Count == 0) return;
        throw new DistributedApplicationException(
            $"Missing prerequisites: {string.Join(", ", missing)}. Install them with: sudo apt-get install -y postgresql redis-server " +
            "(or run ./run.sh, which does it for you; or set ConnectionStrings__shortenerdb and ConnectionStrings__cache to use existing servers).");
    }

    private static bool AccountExists(string name) =>
        File.Exists("/etc/passwd") && File.ReadLines("/etc/passwd").Any(l => l.StartsWith(name + ":", StringComparison.Ordinal));

    private static string Describe(InfrastructureMode mode, string? engine) => mode switch
    {
        InfrastructureMode.Local => "local server binaries",
        InfrastructureMode.Containers => $"containers ({Path.GetFileName(engine)})",
        _ => "existing servers (ConnectionStrings__shortenerdb, ConnectionStrings__cache)",
    };

    private static ProjectRunner PrepareProject(ProjectResource project, AppHostOptions options, ResourceLogger logger)
    {
        if (project.HttpPort == 0 || (options.IsTesting && project.FixedPort)) project.HttpPort = PortAllocator.GetFreePort();
        return new ProjectRunner(project, options, logger);
    }

    private static T WithPort<T>(T resource) where T : IResource
    {
        switch (resource)
        {
            case PostgresServerResource pg: pg.Port = PortAllocator.GetFreePort(); break;
            case RedisResource redis: redis.Port = PortAllocator.GetFreePort(); break;
        }
        return resource;
    }

    private static ExistingServerRunner Existing(IResourceWithConnectionString resource, DistributedApplicationBuilder builder, ResourceLogger logger)
    {
        var database = builder.Configuration["ConnectionStrings:shortenerdb"]!;
        switch (resource)
        {
            case PostgresServerResource pg:
                pg.ExistingConnectionString = builder.Configuration[$"ConnectionStrings:{pg.Name}"] ?? database;
                break;
            case RedisResource redis:
                redis.ExistingConnectionString = builder.Configuration[$"ConnectionStrings:{redis.Name}"];
                break;
        }
        return new ExistingServerRunner(resource, logger);
    }
}
