using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Shortener.Tests.ServiceDefaults;

public class DefaultEndpointsTests
{
    [Fact]
    public async Task AliveRunsOnlyChecksTaggedLive()
    {
        var dependencyRuns = 0;
        await using var app = await TestApp.StartAsync(checks => checks.AddCheck("dependency", () =>
        {
            Interlocked.Increment(ref dependencyRuns);
            return HealthCheckResult.Unhealthy("dependency is down");
        }));

        using var response = await app.Http.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.Equal(["self"], body.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(0, dependencyRuns);
    }

    [Fact]
    public async Task HealthListsEveryCheckAndAnswers503WhenOneIsUnhealthy()
    {
        await using var app = await TestApp.StartAsync(checks => checks.AddCheck("dependency", () => HealthCheckResult.Unhealthy("dependency is down")));

        using var response = await app.Http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await ReadJsonAsync(response);
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        var checks = body.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal("Healthy", checks["self"].GetProperty("status").GetString());
        Assert.Equal(["live"], checks["self"].GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("Unhealthy", checks["dependency"].GetProperty("status").GetString());
        Assert.Equal("dependency is down", checks["dependency"].GetProperty("description").GetString());
    }

    [Fact]
    public async Task HealthAnswers200WhenACheckIsOnlyDegraded()
    {
        await using var app = await TestApp.StartAsync(checks => checks.AddCheck("slow", () => HealthCheckResult.Degraded("slow to answer")));

        using var response = await app.Http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Degraded", (await ReadJsonAsync(response)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task HealthAnswers200WhenEveryCheckIsHealthy()
    {
        await using var app = await TestApp.StartAsync(_ => { });

        using var response = await app.Http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", (await ReadJsonAsync(response)).GetProperty("status").GetString());
    }

    [Fact]
    public void OtlpExporterIsAddedOnlyWhenAnEndpointIsConfigured()
    {
        var without = TestHostBuilder.Create().AddServiceDefaults();
        var with = TestHostBuilder.Create(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4317")).AddServiceDefaults();

        Assert.False(MentionsOtlp(without.Services));
        Assert.True(MentionsOtlp(with.Services));

        static bool MentionsOtlp(IServiceCollection services) => services.Any(d =>
            (d.ServiceType.FullName ?? "").Contains("Otlp", StringComparison.Ordinal)
            || (d.ServiceType.GenericTypeArguments.Any(t => t.Name.Contains("Otlp", StringComparison.Ordinal))));
    }

    [Fact]
    public void SpansAreRecordedOnlyWhenAnExporterIsConfigured()
    {
        Assert.False(RecordsSpans(TestHostBuilder.Create()));
        Assert.True(RecordsSpans(TestHostBuilder.Create(("OTEL_EXPORTER_OTLP_ENDPOINT", $"http://127.0.0.1:{TestHostBuilder.ClosedPort()}"))));

        // Unsampled spans are still created, so their trace context still reaches click messages and logs.
        static bool RecordsSpans(HostApplicationBuilder builder)
        {
            builder.AddServiceDefaults();
            using var host = builder.Build();
            using var tracing = host.Services.GetRequiredService<OpenTelemetry.Trace.TracerProvider>();
            using var source = new System.Diagnostics.ActivitySource(builder.Environment.ApplicationName);
            using var span = source.StartActivity("probe");
            Assert.NotNull(span);
            return span.Recorded;
        }
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>A real Kestrel app in the Production environment: the endpoints must not depend on Development.</summary>
    private sealed class TestApp(WebApplication app, HttpClient http) : IAsyncDisposable
    {
        public HttpClient Http { get; } = http;

        public static async Task<TestApp> StartAsync(Action<IHealthChecksBuilder> addChecks)
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.AddServiceDefaults();
            addChecks(builder.Services.AddHealthChecks());

            var app = builder.Build();
            app.MapDefaultEndpoints();
            await app.StartAsync();
            return new TestApp(app, new HttpClient { BaseAddress = new Uri(app.Urls.First()) });
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await app.DisposeAsync();
        }
    }
}
