using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Shortener.Api.Clicks;
using Shortener.Api.Links;
using Shortener.Core.Clicks;

namespace Shortener.Api.Apis;

public static class RedirectApi
{
    public static IEndpointConventionBuilder MapRedirectApi(this IEndpointRouteBuilder app)
    {
        // HEAD redirects too (link checkers use it) but is not counted as a click.
        return app.MapMethods("/{slug}", [HttpMethods.Get, HttpMethods.Head], FollowLink).WithTags("Redirect");
    }

    public static async Task<Results<RedirectHttpResult, ProblemHttpResult>> FollowLink(string slug, HttpContext http,
        LinkCache links, ClickBuffer clicks, IOptions<RedirectOptions> options, TimeProvider time, CancellationToken ct)
    {
        var link = await links.FindAsync(slug, ct);
        if (link is null) return Problems.NotFound(slug);
        var now = time.GetUtcNow();
        if (link.ExpiresAt <= now) return Problems.Gone(slug, "has expired");

        if (HttpMethods.IsGet(http.Request.Method))
        {
            var request = http.Request;
            clicks.Add(new ClickEvent(Guid.CreateVersion7(now), link.Id, now, http.Connection.RemoteIpAddress?.ToString(),
                NullIfEmpty(request.Headers.UserAgent.ToString()), NullIfEmpty(request.Headers.Referer.ToString()), TraceParent()));
        }
        http.Response.Headers.CacheControl = "private, max-age=0";
        return options.Value.StatusCode switch
        {
            301 => TypedResults.Redirect(link.Url, permanent: true),
            307 => TypedResults.Redirect(link.Url, preserveMethod: true),
            308 => TypedResults.Redirect(link.Url, permanent: true, preserveMethod: true),
            _ => TypedResults.Redirect(link.Url),
        };
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    /// <summary>The redirect's trace context rides in the stream message, so the worker's insert joins the same trace.</summary>
    private static string? TraceParent() => Activity.Current is { } a ? $"00-{a.TraceId}-{a.SpanId}-{(a.Recorded ? "01" : "00")}" : null;
}
