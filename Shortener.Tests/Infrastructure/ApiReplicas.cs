namespace Shortener.Tests.Infrastructure;

public static class ApiReplicas
{
    /// <summary>What each instance has for itself: where it listens.</summary>
    private static readonly HashSet<string> s_ownEach = ["ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "HTTP_PORTS", "HTTPS_PORTS", "PORT"];

    /// <summary>
    /// One more api instance on the same database and cache, with the environment "api" has when this one starts (its
    /// references, secrets and whatever settings a test gave it) but its own port and telemetry identity, so tests can
    /// address each instance and check what they share. It waits for what "api" waits for.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddApiReplica(this IDistributedApplicationBuilder builder, string name)
    {
        var api = builder.CreateResourceBuilder<ProjectResource>("api").Resource;
        var replica = builder.AddProject<Projects.Shortener_Api>(name)
            .WithHttpEndpoint(name: "http")
            .WithHttpHealthCheck("/health")
            .WithEnvironment(async context =>
            {
                var config = await ExecutionConfigurationBuilder.Create(api).WithEnvironmentVariablesConfig().BuildAsync(context.ExecutionContext);
                foreach (var (key, value) in config.EnvironmentVariablesWithUnprocessed)
                    if (!s_ownEach.Contains(key) && !key.StartsWith("OTEL_", StringComparison.Ordinal)) context.EnvironmentVariables[key] = value.Unprocessed;
            });
        foreach (var wait in api.Annotations.OfType<WaitAnnotation>()) replica.WithAnnotation(wait, ResourceAnnotationMutationBehavior.Append);
        return replica;
    }
}
