using Shortener.Hosting;

namespace Shortener.Tests.Infrastructure;

public static class ApiReplicas
{
    /// <summary>
    /// One more api instance on the same database and cache, with the same settings as "api" at the time of the call
    /// (as Aspire's WithReplicas would give), so tests can check what instances share.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddApiReplica(this IDistributedApplicationBuilder builder, string name)
    {
        var api = builder.CreateResourceBuilder<ProjectResource>("api").Resource;
        var replica = builder.AddProject<Projects.Shortener_Api>(name).WithHttpEndpoint();
        replica.Resource.References.AddRange(api.References);
        replica.Resource.WaitsFor.AddRange(api.WaitsFor);
        foreach (var (key, value) in api.Environment) replica.Resource.Environment[key] = value;
        return replica;
    }
}
