using Microsoft.Extensions.Diagnostics.HealthChecks;
using Shortener.Api.Auth;

namespace Shortener.Api.Health;

/// <summary>
/// /health for anyone but an admin: the overall status and nothing else. The full report names endpoints, keys and the
/// Redis client's exceptions (library version included); with the admin key the request goes on to that report.
/// </summary>
public sealed class HealthStatusOnlyMiddleware(RequestDelegate next, HealthCheckService health)
{
    public const string Path = "/health";

    public async Task InvokeAsync(HttpContext context)
    {
        // By the endpoint routing chose, not the path as sent: "/HEALTH" and "/health/" reach the same report.
        if ((context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText != Path || await Caller.IsAdminAsync(context))
        {
            await next(context);
            return;
        }
        var report = await health.CheckHealthAsync(context.RequestAborted);
        context.Response.StatusCode = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsJsonAsync(new HealthStatusOnly(report.Status.ToString()), HealthJsonContext.Default.HealthStatusOnly);
    }
}

public sealed record HealthStatusOnly(string Status);

[System.Text.Json.Serialization.JsonSerializable(typeof(HealthStatusOnly))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.SnakeCaseLower)]
internal sealed partial class HealthJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
