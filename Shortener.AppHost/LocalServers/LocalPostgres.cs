using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Shortener.AppHost.LocalServers;

/// <summary>The machine's own PostgreSQL server, run by DCP as an executable, with the connection string AddPostgres gives.</summary>
public sealed class LocalPostgresResource(string name, string command, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory: "/"), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";
    public const string UserName = "postgres";

    public ParameterResource PasswordParameter { get; } = password;
    public EndpointReference PrimaryEndpoint => new(this, EndpointName);
    public EndpointReferenceExpression Host => PrimaryEndpoint.Property(EndpointProperty.Host);
    public EndpointReferenceExpression Port => PrimaryEndpoint.Property(EndpointProperty.Port);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"Host={Host};Port={Port};Username={UserName};Password={PasswordParameter}");

    internal ReferenceExpression UriExpression(string? database = null) => database is null
        ? ReferenceExpression.Create($"postgresql://{UserName}:{PasswordParameter:uri}@{Host}:{Port}")
        : ReferenceExpression.Create($"postgresql://{UserName}:{PasswordParameter:uri}@{Host}:{Port}/{database:uri}");

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties() =>
    [
        new("Host", ReferenceExpression.Create($"{Host}")),
        new("Port", ReferenceExpression.Create($"{Port}")),
        new("Username", ReferenceExpression.Create($"{UserName}")),
        new("Password", ReferenceExpression.Create($"{PasswordParameter}")),
        new("Uri", UriExpression()),
    ];
}

/// <summary>A database on <see cref="LocalPostgresResource"/>, created when the server is ready (as AddDatabase does).</summary>
public sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresResource>, IResourceWithConnectionString
{
    public LocalPostgresResource Parent { get; } = parent;
    public string DatabaseName { get; } = databaseName;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Parent};Database={DatabaseName}");

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties() =>
    [
        .. ((IResourceWithConnectionString)Parent).GetConnectionProperties().Where(p => p.Key != "Uri"),
        new("DatabaseName", ReferenceExpression.Create($"{DatabaseName}")),
        new("Uri", Parent.UriExpression(DatabaseName)),
    ];
}

public static class LocalPostgresExtensions
{
    /// <summary>
    /// PostgreSQL from the machine's binaries: a one-shot "-init" resource runs initdb on first use (password
    /// authentication, scram-sha-256) and sets the password to the parameter's on every start, then the server runs
    /// on a port DCP picks, bound to loopback. As root both run as the unprivileged postgres account (they refuse root).
    /// </summary>
    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(this IDistributedApplicationBuilder builder,
        [ResourceName] string name, LocalServerSettings settings)
    {
        var binDirectory = settings.PostgresBinDirectory;
        var dataDirectory = Path.Combine(settings.DataRoot, name);
        var password = builder.AddGeneratedPassword($"{name}-password");
        var scripts = Path.Combine(AppContext.BaseDirectory, "LocalServers");
        string[] asServiceAccount = ServerPrograms.IsRoot
            ? ["setpriv", $"--reuid={ServerPrograms.PostgresAccount}", $"--regid={ServerPrograms.PostgresAccount}", "--init-groups", "--"]
            : [];

        var init = builder.AddExecutable($"{name}-init", "/bin/sh", "/", Path.Combine(scripts, "postgres-init.sh"))
            .WithEnvironment("PGBIN", binDirectory)
            .WithEnvironment("PGDATA", dataDirectory)
            .WithEnvironment("PG_SERVICE_ACCOUNT", ServerPrograms.IsRoot ? ServerPrograms.PostgresAccount : "")
            .WithEnvironment("PG_DURABLE", settings.DurablePostgres ? "1" : "0")
            .WithEnvironment("POSTGRES_PASSWORD", password)
            .ExcludeFromManifest();

        // DCP stops an executable with SIGTERM, which PostgreSQL takes as a "smart" shutdown that waits for every client
        // to disconnect; postgres-run.sh passes it on as SIGINT, the fast shutdown.
        string[] serverArgs =
        [
            Path.Combine(scripts, "postgres-run.sh"), .. asServiceAccount, Path.Combine(binDirectory, "postgres"),
            "-D", dataDirectory, "-c", "listen_addresses=localhost", "-c", "unix_socket_directories=", "-c", "max_connections=300",
            .. settings.DurablePostgres ? Array.Empty<string>() : ["-c", "fsync=off", "-c", "full_page_writes=off", "-c", "synchronous_commit=off"],
        ];
        var server = new LocalPostgresResource(name, "/bin/sh", password.Resource);

        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(server, async (_, ct) =>
            connectionString = await server.ConnectionStringExpression.GetValueAsync(ct) + ";Database=postgres");
        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().AddNpgSql(_ => connectionString ?? throw new InvalidOperationException("The connection string is not known yet."), name: healthCheck);

        return builder.AddResource(server)
            .WithEndpoint(name: LocalPostgresResource.EndpointName, scheme: "tcp", isProxied: false)
            .WithArgs(context =>
            {
                foreach (var arg in serverArgs) context.Args.Add(arg);
                context.Args.Add("-c");
                context.Args.Add(ReferenceExpression.Create($"port={server.PrimaryEndpoint.Property(EndpointProperty.TargetPort)}"));
            })
            .WaitForCompletion(init)
            .WithHealthCheck(healthCheck)
            .ExcludeFromManifest();
    }

    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(this IResourceBuilder<LocalPostgresResource> server,
        [ResourceName] string name, string? databaseName = null)
    {
        var builder = server.ApplicationBuilder;
        var database = new LocalPostgresDatabaseResource(name, databaseName ?? name, server.Resource);

        builder.Eventing.Subscribe<ResourceReadyEvent>(server.Resource, async (_, ct) =>
        {
            var serverConnection = await server.Resource.ConnectionStringExpression.GetValueAsync(ct);
            await using var connection = new NpgsqlConnection(serverConnection + ";Database=postgres");
            await connection.OpenAsync(ct);
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = database.DatabaseName } } };
            if (await exists.ExecuteScalarAsync(ct) is null)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE {new NpgsqlCommandBuilder().QuoteIdentifier(database.DatabaseName)}", connection);
                await create.ExecuteNonQueryAsync(ct);
            }
        });

        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(database, async (_, ct) =>
            connectionString = await database.ConnectionStringExpression.GetValueAsync(ct));
        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().AddNpgSql(_ => connectionString ?? throw new InvalidOperationException("The connection string is not known yet."), name: healthCheck);

        return builder.AddResource(database).WithHealthCheck(healthCheck).ExcludeFromManifest();
    }
}
