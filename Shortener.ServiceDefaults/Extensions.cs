using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Shortener.ServiceDefaults;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The Aspire ServiceDefaults template: telemetry, health checks, service discovery and HttpClient resilience shared
/// by every service. What we added to it, and why, is said where it is.
/// </summary>
public static class Extensions
{
    private const string HealthEndpointPath = "/health";
    private const string AlivenessEndpointPath = "/alive";
    private const string LiveTag = "live";
    private const string OurTelemetry = "Shortener.*";

    /// <summary>Adds OpenTelemetry, default health checks, service discovery and resilient HttpClients.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    /// <summary>Logs, metrics and traces through OpenTelemetry, exported over OTLP when an endpoint is configured.</summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var exportsOverOtlp = builder.ExportsTelemetry();

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                // Ours: every Shortener.* meter (clicks flushed, stored, lag, DLQ, ...), so none is missed in the dashboard.
                .AddMeter(OurTelemetry))
            .WithTracing(tracing =>
            {
                // With no exporter every recorded span is thrown away, yet recording costs: tagging and listening to
                // the server span of each request took about 2 % of the api's CPU per redirect. So spans are sampled only
                // when they go somewhere. Activities are still created, so trace context still propagates (traceparent in
                // click messages, trace ids in logs and problem details). With an exporter: parent-based, always on, but
                // no trace made of a lone database or Redis call (see NoRootClientSpansSampler).
                tracing.SetSampler(exportsOverOtlp ? new NoRootClientSpansSampler(new ParentBasedSampler(new AlwaysOnSampler())) : new AlwaysOffSampler());
                tracing
                    .AddSource(builder.Environment.ApplicationName, OurTelemetry)
                    // Health probes arrive every second from the AppHost; tracing them buries real requests.
                    .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthEndpointPath)
                        && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath))
                    .AddHttpClientInstrumentation();
            });

        // Without a collector the exporter would retry against localhost:4317 forever.
        if (exportsOverOtlp)
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// Whether telemetry goes anywhere (an OTLP endpoint is configured). Without it no span is recorded, and
    /// instrumentation that costs even then should be off: Aspire.StackExchange.Redis's profiles every Redis command made
    /// inside a request (a profiling session per request, drained every 10 s) whether or not a span is ever recorded, so
    /// services pass <c>DisableTracing = !builder.ExportsTelemetry()</c> to AddRedisClient.
    /// </summary>
    public static bool ExportsTelemetry(this IHostApplicationBuilder builder) =>
        !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    /// <summary>Adds the <c>self</c> check, tagged <c>live</c>, which answers as long as the process does.</summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);

        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (every check) and <c>/alive</c> (checks tagged <c>live</c>), both answering
    /// a JSON report. Unlike the template they are mapped in every environment: the AppHost and
    /// load balancers probe them.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions
        {
            ResponseWriter = HealthReportJsonWriter.WriteAsync,
        });

        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(LiveTag),
            ResponseWriter = HealthReportJsonWriter.WriteAsync,
        });

        return app;
    }
}
