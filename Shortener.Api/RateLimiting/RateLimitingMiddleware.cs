using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Shortener.Api.RateLimiting;

/// <summary>Endpoint metadata naming the bucket a route draws from (set once per group).</summary>
public sealed record RateLimitedAttribute(RateLimitPolicy Policy);

/// <summary>Runs before authentication, so guessing API keys costs tokens too.</summary>
public sealed class RateLimitingMiddleware(RequestDelegate next, ClientRateLimiter limiter, IOptions<RateLimitingOptions> options,
    IProblemDetailsService problems)
{
    public const string TooManyFromAddress = "Too many requests from your address; slow down.";

    public async Task InvokeAsync(HttpContext context)
    {
        if (options.Value.Enabled && context.GetEndpoint()?.Metadata.GetMetadata<RateLimitedAttribute>() is { } limited)
        {
            var decision = await limiter.AcquireAsync(limited.Policy, ClientKey(context));
            if (!decision.Allowed)
            {
                await WriteTooManyRequestsAsync(context, problems, decision.RetryAfter, TooManyFromAddress);
                return;
            }
        }
        await next(context);
    }

    /// <summary>
    /// Whom a bucket belongs to: the client's address (the connection's, or the one a trusted proxy put in
    /// X-Forwarded-For: ForwardedHeaders ran first). An IPv6 client counts by its /64, the smallest block a subscriber
    /// is given, or each of its 2^64 addresses would have a bucket of its own; an IPv4-mapped address counts as IPv4.
    /// </summary>
    public static string ClientKey(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }

    public static string RetryAfterSeconds(TimeSpan retryAfter) =>
        Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    public static async Task WriteTooManyRequestsAsync(HttpContext context, IProblemDetailsService problems, TimeSpan retryAfter, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = RetryAfterSeconds(retryAfter);
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests", Detail = detail },
        });
    }
}
