namespace Shortener.Hosting;

public interface IResource
{
    string Name { get; }
}

/// <summary>A resource other resources can reference by connection string (ConnectionStrings__{name}).</summary>
public interface IResourceWithConnectionString : IResource
{
    string ConnectionString { get; }

    /// <summary>The parts Aspire also injects as {NAME}_HOST, {NAME}_PORT, … next to the connection string.</summary>
    IReadOnlyDictionary<string, string> ConnectionProperties { get; }
}

public interface IResourceBuilder<out T> where T : IResource
{
    T Resource { get; }
    IDistributedApplicationBuilder ApplicationBuilder { get; }
}

internal sealed record ResourceBuilder<T>(T Resource, IDistributedApplicationBuilder ApplicationBuilder) : IResourceBuilder<T>
    where T : IResource;
