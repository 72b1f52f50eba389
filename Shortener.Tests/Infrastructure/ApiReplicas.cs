namespace Shortener.Tests.Infrastructure;

public static class ApiReplicas
{
    /// <summary>
    /// One more api instance on the same database and cache, with the same references, waits and environment as "api"
    /// at the time of the call (its own port), so tests can address each instance and check what they share.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddApiReplica(this IDistributedApplicationBuilder builder, string name)
    {
        var api = builder.CreateResourceBuilder<ProjectResource>("api").Resource;
        var replica = builder.AddProject<Projects.Shortener_Api>(name).WithHttpEndpoint(name: "http").WithHttpHealthCheck("/health");
        foreach (var annotation in api.Annotations.Where(a => a is EnvironmentCallbackAnnotation or WaitAnnotation or ResourceRelationshipAnnotation))
            replica.WithAnnotation(annotation, ResourceAnnotationMutationBehavior.Append);
        return replica;
    }
}
