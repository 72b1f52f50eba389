using Microsoft.Extensions.Configuration;

namespace Shortener.Hosting;

public interface IDistributedApplicationBuilder
{
    ConfigurationManager Configuration { get; }
    AppHostOptions Options { get; }
    IList<IResource> Resources { get; }

    /// <summary>The AppHost project's directory; the repository root is its parent.</summary>
    string AppHostDirectory { get; }

    IResourceBuilder<T> AddResource<T>(T resource) where T : IResource;
    DistributedApplication Build();
}
