using Microsoft.AspNetCore.Diagnostics;
using Npgsql;
using StackExchange.Redis;

namespace Shortener.Api.Extensions;

/// <summary>PostgreSQL or Redis unreachable is not the client's fault nor a bug: 503 problem+json with Retry-After, not a 500.</summary>
public sealed class OutageExceptionHandler(IProblemDetailsService problems, ILogger<OutageExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (NpgsqlException or RedisConnectionException or RedisTimeoutException or TimeoutException)) return false;
        logger.LogWarning(exception, "A dependency is unavailable while serving {Path}", httpContext.Request.Path);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Temporarily unavailable",
                Detail = "A storage service is unreachable; try again shortly.",
            },
        });
    }
}
