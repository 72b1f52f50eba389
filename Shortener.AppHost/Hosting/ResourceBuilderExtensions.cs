namespace Shortener.Hosting;

/// <summary>The app-model verbs, named and shaped as Aspire's so a real AppHost reads the same.</summary>
public static class ResourceBuilderExtensions
{
    public static IResourceBuilder<PostgresServerResource> AddPostgres(this IDistributedApplicationBuilder builder, string name,
        IResourceBuilder<ParameterResource>? password = null)
    {
        var pw = password?.Resource ?? builder.AddParameter($"{name}-password", secret: true).Resource;
        return builder.AddResource(new PostgresServerResource(name, pw));
    }

    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(this IResourceBuilder<PostgresServerResource> server, string name,
        string? databaseName = null)
    {
        var db = new PostgresDatabaseResource(name, databaseName ?? name, server.Resource);
        server.Resource.Databases.Add(db);
        return server.ApplicationBuilder.AddResource(db);
    }

    public static IResourceBuilder<RedisResource> AddRedis(this IDistributedApplicationBuilder builder, string name,
        IResourceBuilder<ParameterResource>? password = null)
    {
        var pw = password?.Resource ?? builder.AddParameter($"{name}-password", secret: true).Resource;
        return builder.AddResource(new RedisResource(name, pw));
    }

    public static IResourceBuilder<ProjectResource> AddProject<TProject>(this IDistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new() =>
        builder.AddResource(new ProjectResource(name, new TProject()));

    /// <summary>A parameter read from configuration "Parameters:{name}", else from <paramref name="configurationKey"/>, else generated.</summary>
    public static IResourceBuilder<ParameterResource> AddParameter(this IDistributedApplicationBuilder builder, string name,
        bool secret = false, string? configurationKey = null)
    {
        var parameter = new ParameterResource(name, secret);
        var configured = builder.Configuration[$"Parameters:{name}"]
            ?? (configurationKey is null ? null : builder.Configuration[configurationKey]);
        if (!string.IsNullOrEmpty(configured)) parameter.Value = configured;
        else parameter.Generated = true; // filled in at Build from the secret store
        return builder.AddResource(parameter);
    }

    public static IResourceBuilder<ProjectResource> WithHttpEndpoint(this IResourceBuilder<ProjectResource> project, int? port = null)
    {
        if (port is { } p)
        {
            project.Resource.HttpPort = p;
            project.Resource.FixedPort = true;
        }
        return project;
    }

    public static IResourceBuilder<ProjectResource> WithReference<T>(this IResourceBuilder<ProjectResource> project, IResourceBuilder<T> source)
        where T : IResource
    {
        if (source.Resource is not (IResourceWithConnectionString or ProjectResource))
            throw new ArgumentException($"'{source.Resource.Name}' has neither a connection string nor endpoints to reference.", nameof(source));
        project.Resource.References.Add(source.Resource);
        return project;
    }

    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> resource, IResourceBuilder<IResource> dependency) where T : Resource
    {
        resource.Resource.WaitsFor.Add(dependency.Resource);
        return resource;
    }

    public static IResourceBuilder<T> WaitForCompletion<T>(this IResourceBuilder<T> resource, IResourceBuilder<IResource> dependency) where T : Resource
    {
        resource.Resource.WaitsForCompletion.Add(dependency.Resource);
        return resource;
    }

    public static IResourceBuilder<ProjectResource> WithEnvironment(this IResourceBuilder<ProjectResource> project, string name, string value)
    {
        project.Resource.Environment[name] = value;
        return project;
    }

    public static IResourceBuilder<ProjectResource> WithEnvironment(this IResourceBuilder<ProjectResource> project, string name,
        IResourceBuilder<ParameterResource> parameter)
    {
        project.Resource.Environment[name] = parameter.Resource;
        return project;
    }

    /// <summary>A builder for a resource already in the model, so tests can adjust it (Aspire's CreateResourceBuilder).</summary>
    public static IResourceBuilder<T> CreateResourceBuilder<T>(this IDistributedApplicationBuilder builder, string name) where T : IResource =>
        new ResourceBuilder<T>(builder.Resources.OfType<T>().SingleOrDefault(r => r.Name == name)
            ?? throw new InvalidOperationException($"No resource of type {typeof(T).Name} named '{name}'."), builder);
}
