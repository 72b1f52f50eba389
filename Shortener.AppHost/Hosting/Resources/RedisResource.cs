namespace Shortener.Hosting;

public sealed class RedisResource(string name, ParameterResource password) : Resource(name), IResourceWithConnectionString
{
    public string Host { get; internal set; } = "localhost";
    public int Port { get; internal set; }
    public ParameterResource Password { get; } = password;
    public string? ExistingConnectionString { get; internal set; }

    public string ConnectionString => ExistingConnectionString ?? $"{Host}:{Port},password={Password.Value}";

    public IReadOnlyDictionary<string, string> ConnectionProperties => ConnectionStringParts.Redis(ConnectionString);
}
