using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Options;
using Shortener.Api.Apis;
using Shortener.Api.Clicks;
using Shortener.Api.RateLimiting;
using Shortener.Core.Links;

namespace Shortener.Api.Links;

/// <summary>
/// The redirect of a link this instance already holds in memory, answered before routing and the rest of the pipeline:
/// a GET or HEAD of "/{slug}" costs what a 302 costs, plus the click. Only the plain case is taken here: a link with no
/// password, click limit, rules, variants or UTM and not expired, a request with no query (its utm_* are passed on) and no
/// body type, a slug that no literal route of ours could also match. Everything else, and every first request of a slug, goes on to <see cref="RedirectApi"/> unchanged, which
/// answers the same way (the tests compare the two). The rate limit, the click and the trace context are the same as
/// there: the redirect endpoint is set on the request, so telemetry names its route.
/// </summary>
public sealed class RedirectFastPath(RequestDelegate next, LinkCache links, ClickBuffer clicks, ClientRateLimiter limiter,
    IOptions<RateLimitingOptions> limits, IOptions<RedirectOptions> redirect, IProblemDetailsService problems, TimeProvider time,
    EndpointDataSource endpoints)
{
    private readonly int _status = redirect.Value.StatusCode;
    private Routes? _routes;

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || request.ContentType is not null
            || request.QueryString.HasValue
            || request.Path.Value is not { Length: > 1 } path || path.IndexOf('/', 1) >= 0)
            return next(context);
        var slug = path[1..];
        if (!links.TryGetInMemory(slug, out var link) || !IsPlain(link)) return next(context);
        var routes = _routes ??= Routes.From(endpoints);
        if (routes.Redirect is null || routes.Literal.Contains(slug)) return next(context);

        context.SetEndpoint(routes.Redirect);
        if (!limits.Value.Enabled)
        {
            Redirect(context, link);
            return Task.CompletedTask;
        }
        return LimitedAsync(context, link);
    }

    private bool IsPlain(LinkTarget link) =>
        link.Plan is null && !link.PasswordProtected && link.MaxClicks is null && !(link.ExpiresAt <= time.GetUtcNow());

    private async Task LimitedAsync(HttpContext context, LinkTarget link)
    {
        var decision = await limiter.AcquireAsync(RateLimitPolicy.Redirect, RateLimitingMiddleware.ClientKey(context));
        if (decision.Allowed) Redirect(context, link);
        else await RateLimitingMiddleware.WriteTooManyRequestsAsync(context, problems, decision.RetryAfter, RateLimitingMiddleware.TooManyFromAddress);
    }

    private void Redirect(HttpContext context, LinkTarget link)
    {
        var response = context.Response;
        response.StatusCode = _status;
        response.Headers.Location = link.Url;
        if (HttpMethods.IsGet(context.Request.Method)) RedirectApi.Count(link, context, clicks, time, choice: null);
        response.Headers.CacheControl = RedirectApi.RedirectCacheControl;
    }

    /// <summary>The redirect's endpoint, and the first segments of routes that routing would prefer to "/{slug}".</summary>
    private sealed record Routes(Endpoint? Redirect, HashSet<string> Literal)
    {
        public static Routes From(EndpointDataSource source)
        {
            var routes = source.Endpoints.OfType<RouteEndpoint>().ToList();
            var redirect = routes.FirstOrDefault(e => e.RoutePattern.RawText == RedirectApi.SlugRoute
                && e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Get) == true);
            var literal = routes
                .Select(e => e.RoutePattern.PathSegments.FirstOrDefault())
                .Where(s => s is { IsSimple: true } && s.Parts[0] is RoutePatternLiteralPart)
                .Select(s => ((RoutePatternLiteralPart)s!.Parts[0]).Content)
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            return new Routes(redirect, literal);
        }
    }
}
