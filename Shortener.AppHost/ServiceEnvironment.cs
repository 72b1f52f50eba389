namespace Shortener.AppHost;

public static class ServiceEnvironment
{
    /// <summary>What every service of ours gets beside its references.</summary>
    public static IResourceBuilder<ProjectResource> WithServiceDefaults(this IResourceBuilder<ProjectResource> service, AppHostSettings settings) => service
        // Our projects have no launch profiles, so nothing else would tell them they run in development: the AppHost's
        // environment is theirs (Development from its launch profile or the test harness). Published apps get none.
        .WithEnvironment(context =>
        {
            if (!context.ExecutionContext.IsRunMode) return;
            var environment = service.ApplicationBuilder.Environment.EnvironmentName;
            context.EnvironmentVariables["ASPNETCORE_ENVIRONMENT"] = environment;
            context.EnvironmentVariables["DOTNET_ENVIRONMENT"] = environment;
        })
        .WithEnvironment(context =>
        {
            // Runs after the OTLP settings AddProject gave the service; without an endpoint it records no span at all.
            if (!settings.ServiceTelemetry) context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        })
        // A stopping service's OpenTelemetry exporter makes one last flush, to a dashboard that may have stopped first;
        // with the default 10 s timeout DCP killed services after its own wait, and Ctrl+C took 13 s instead of 4.
        .WithEnvironment("OTEL_EXPORTER_OTLP_TIMEOUT", "1000");
}
