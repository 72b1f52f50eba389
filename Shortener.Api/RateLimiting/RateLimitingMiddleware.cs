using System.Globalization;
using Microsoft.Extensions.Options;

namespace Shortener.Api.RateLimiting;

/// <summary>Endpoint metadata naming the bucket a route draws from (set once per group).</summary>
public sealed record RateLimitedAttribute(RateLimitPolicy Policy);

/// <summary>Runs before authentication, so guessing API keys costs tokens too.</summary>
public sealed class RateLimitingMiddleware(RequestDelegate next, ClientRateLimiter limiter, IOptions<RateLimitingOptions> options,
    IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (options.Value.Enabled && context.GetEndpoint()?.Metadata.GetMetadata<RateLimitedAttribute>() is { } limited)
        {
            var decision = await limiter.AcquireAsync(limited.Policy, ClientAddress(context));
            if (!decision.Allowed)
            {
                await WriteTooManyRequestsAsync(context, problems, decision.RetryAfter, "Too many requests from your address; slow down.");
                return;
            }
        }
        await next(context);
    }

    /// <summary>The client's address: the connection's, or the one a trusted proxy put in X-Forwarded-For (ForwardedHeaders ran first).</summary>
    public static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public static async Task WriteTooManyRequestsAsync(HttpContext context, IProblemDetailsService problems, TimeSpan retryAfter, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests", Detail = detail },
        });
    }
}
