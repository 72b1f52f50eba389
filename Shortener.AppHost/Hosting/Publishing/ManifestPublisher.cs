using System.Text.Json;
using System.Text.Json.Nodes;

namespace Shortener.Hosting;

/// <summary>`--publisher manifest --output-path file`: the app model in Aspire's manifest format, for azd.</summary>
internal static class ManifestPublisher
{
    public static bool TryPublish(DistributedApplicationBuilder builder)
    {
        var publisher = builder.Configuration["publisher"];
        if (publisher is null) return false;
        if (publisher != "manifest") throw new DistributedApplicationException($"Unknown publisher '{publisher}'; only 'manifest' is supported.");
        var output = Path.GetFullPath(builder.Configuration["output-path"] ?? "aspire-manifest.json");
        var resources = new JsonObject();
        foreach (var resource in builder.Resources) resources[resource.Name] = Describe(resource, Path.GetDirectoryName(output)!);
        var manifest = new JsonObject { ["$schema"] = "https://json.schemastore.org/aspire-8.0.json", ["resources"] = resources };
        File.WriteAllText(output, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"Wrote the manifest to {output}");
        return true;
    }

    private static JsonObject Describe(IResource resource, string outputDirectory) => resource switch
    {
        PostgresServerResource pg => new JsonObject
        {
            ["type"] = "container.v0",
            ["connectionString"] = $"Host={{{pg.Name}.bindings.tcp.host}};Port={{{pg.Name}.bindings.tcp.port}};Username=postgres;Password={{{pg.Password.Name}.value}}",
            ["image"] = "docker.io/library/postgres:17.6",
            ["env"] = new JsonObject { ["POSTGRES_HOST_AUTH_METHOD"] = "scram-sha-256", ["POSTGRES_INITDB_ARGS"] = "--auth-host=scram-sha-256 --auth-local=scram-sha-256", ["POSTGRES_USER"] = "postgres", ["POSTGRES_PASSWORD"] = $"{{{pg.Password.Name}.value}}" },
            ["bindings"] = Tcp(5432),
        },
        PostgresDatabaseResource db => new JsonObject
        {
            ["type"] = "value.v0",
            ["connectionString"] = $"{{{db.Parent.Name}.connectionString}};Database={db.DatabaseName}",
        },
        RedisResource redis => new JsonObject
        {
            ["type"] = "container.v0",
            ["connectionString"] = $"{{{redis.Name}.bindings.tcp.host}}:{{{redis.Name}.bindings.tcp.port}},password={{{redis.Password.Name}.value}}",
            ["image"] = "docker.io/library/redis:8.2",
            ["entrypoint"] = "/bin/sh",
            ["args"] = new JsonArray("-c", $"redis-server --requirepass $REDIS_PASSWORD --appendonly yes"),
            ["env"] = new JsonObject { ["REDIS_PASSWORD"] = $"{{{redis.Password.Name}.value}}" },
            ["bindings"] = Tcp(6379),
        },
        ParameterResource p => new JsonObject
        {
            ["type"] = "parameter.v0",
            ["value"] = $"{{{p.Name}.inputs.value}}",
            ["inputs"] = new JsonObject
            {
                ["value"] = new JsonObject
                {
                    ["type"] = "string", ["secret"] = p.Secret,
                    ["default"] = new JsonObject { ["generate"] = new JsonObject { ["minLength"] = 22, ["special"] = false } },
                },
            },
        },
        ProjectResource project => Project(project, outputDirectory),
        _ => new JsonObject { ["type"] = "unknown" },
    };

    private static JsonObject Project(ProjectResource project, string outputDirectory)
    {
        var env = new JsonObject
        {
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EXCEPTION_LOG_ATTRIBUTES"] = "true",
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EVENT_LOG_ATTRIBUTES"] = "true",
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory",
            ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true",
            ["HTTP_PORTS"] = $"{{{project.Name}.bindings.http.targetPort}}",
        };
        foreach (var reference in project.References)
        {
            if (reference is IResourceWithConnectionString r) env[$"ConnectionStrings__{r.Name}"] = $"{{{r.Name}.connectionString}}";
            else if (reference is ProjectResource p) env[$"services__{p.Name}__http__0"] = $"{{{p.Name}.bindings.http.url}}";
        }
        // Parameters are written as references so no secret lands in the manifest.
        foreach (var (key, value) in project.Environment) env[key] = value is ParameterResource p ? $"{{{p.Name}.value}}" : (string)value;
        return new JsonObject
        {
            ["type"] = "project.v0",
            ["path"] = Path.GetRelativePath(outputDirectory, project.Metadata.ProjectPath),
            ["env"] = env,
            ["bindings"] = new JsonObject
            {
                ["http"] = new JsonObject { ["scheme"] = "http", ["protocol"] = "tcp", ["transport"] = "http", ["external"] = project.Name == "api" },
            },
        };
    }

    private static JsonObject Tcp(int targetPort) => new()
    {
        ["tcp"] = new JsonObject { ["scheme"] = "tcp", ["protocol"] = "tcp", ["transport"] = "tcp", ["targetPort"] = targetPort },
    };
}
