namespace Shortener.Hosting;

public sealed class PostgresServerResource(string name, ParameterResource password) : Resource(name), IResourceWithConnectionString
{
    public const string UserName = "postgres";

    public string Host { get; internal set; } = "localhost";
    public int Port { get; internal set; }
    public ParameterResource Password { get; } = password;

    /// <summary>Set when the app uses a server it did not start (existing-servers mode).</summary>
    public string? ExistingConnectionString { get; internal set; }

    public List<PostgresDatabaseResource> Databases { get; } = [];

    public string ConnectionString => ExistingConnectionString
        ?? $"Host={Host};Port={Port};Username={UserName};Password={Password.Value}";

    public IReadOnlyDictionary<string, string> ConnectionProperties => ConnectionStringParts.Postgres(ConnectionString);
}

public sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource parent)
    : Resource(name), IResourceWithConnectionString
{
    public string DatabaseName { get; } = databaseName;
    public PostgresServerResource Parent { get; } = parent;

    public string ConnectionString => Parent.ExistingConnectionString is { } existing
        ? existing
        : $"{Parent.ConnectionString};Database={DatabaseName}";

    public IReadOnlyDictionary<string, string> ConnectionProperties => ConnectionStringParts.Postgres(ConnectionString);
}
