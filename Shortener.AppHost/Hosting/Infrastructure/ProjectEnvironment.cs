using System.Security.Cryptography;

namespace Shortener.Hosting;

/// <summary>Exactly the variables ASPIRE-CONTRACT.md lists, on top of the AppHost's own environment.</summary>
internal static class ProjectEnvironment
{
    public static Dictionary<string, string> For(ProjectResource project, AppHostOptions options)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["OTEL_SERVICE_NAME"] = project.Name,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={RandomNumberGenerator.GetHexString(8, lowercase: true)}",
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory",
            ["ASPNETCORE_URLS"] = $"http://localhost:{project.HttpPort}",
            ["ASPNETCORE_ENVIRONMENT"] = options.EnvironmentName,
            ["DOTNET_ENVIRONMENT"] = options.EnvironmentName,
            ["LOGGING__CONSOLE__FORMATTERNAME"] = "simple",
            ["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "true",
        };
        if (options.EnvironmentName == "Development")
        {
            env["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
            env["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
            env["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
        }
        // There is no dashboard to export to; a collector named to the AppHost is passed on as Aspire passes its dashboard's.
        var otlp = Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")
            ?? Environment.GetEnvironmentVariable("DOTNET_DASHBOARD_OTLP_ENDPOINT_URL");
        if (!string.IsNullOrEmpty(otlp))
        {
            env["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp;
            env["OTEL_EXPORTER_OTLP_PROTOCOL"] = Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL") ?? "grpc";
        }

        foreach (var reference in project.References)
        {
            switch (reference)
            {
                case IResourceWithConnectionString resource:
                    env[$"ConnectionStrings__{resource.Name}"] = resource.ConnectionString;
                    var prefix = EnvironmentName(resource.Name);
                    foreach (var (part, value) in resource.ConnectionProperties) env[$"{prefix}_{part}"] = value;
                    break;
                case ProjectResource service:
                    var url = service.HttpUrl.ToString().TrimEnd('/');
                    env[$"services__{service.Name}__http__0"] = url;
                    env[$"{EnvironmentName(service.Name)}_HTTP"] = url;
                    break;
            }
        }
        foreach (var (key, value) in project.Environment) env[key] = ProjectResource.Resolve(value);
        return env;
    }

    private static string EnvironmentName(string resourceName) => resourceName.ToUpperInvariant().Replace('-', '_');
}
