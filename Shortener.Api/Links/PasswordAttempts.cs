using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Shortener.Api.RateLimiting;

namespace Shortener.Api.Links;

/// <summary>
/// Password guesses are limited twice: per link and client (an IPv6 client by its /64, see
/// <see cref="RateLimitingMiddleware.ClientKey"/>), and per link over all clients, so a burst from many addresses is
/// throttled too. Both hold even when rate limiting is otherwise off.
/// </summary>
public static class PasswordAttempts
{
    public static async Task<ProblemHttpResult?> TakeAsync(ClientRateLimiter limiter, long linkId, HttpContext http)
    {
        var id = linkId.ToString(CultureInfo.InvariantCulture);
        var client = await limiter.AcquireAsync(RateLimitPolicy.Password, $"{id}:{RateLimitingMiddleware.ClientKey(http)}");
        if (!client.Allowed) return TooMany(http, client.RetryAfter, "from your address");
        var everyone = await limiter.AcquireAsync(RateLimitPolicy.PasswordPerLink, id);
        return everyone.Allowed ? null : TooMany(http, everyone.RetryAfter, "from all addresses together");
    }

    private static ProblemHttpResult TooMany(HttpContext http, TimeSpan retryAfter, string from)
    {
        http.Response.Headers.RetryAfter = RateLimitingMiddleware.RetryAfterSeconds(retryAfter);
        return TypedResults.Problem($"Too many password attempts for this link {from}; wait and try again.",
            statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests");
    }
}
