using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Shortener.Api.Clicks;
using Shortener.Api.Extensions;
using Shortener.Api.Links;
using Shortener.Api.OpenApi;
using Shortener.Api.RateLimiting;
using Shortener.Core.Clicks;
using Shortener.Core.Links;
using Shortener.Core.Links.Routing;

namespace Shortener.Api.Apis;

/// <summary>What the password form posts (read with ReadFormAsync; this type only describes it in the OpenAPI document).</summary>
public sealed record PasswordFormFields(string Password);

public static class RedirectApi
{
    internal const string SlugRoute = "/{slug}";

    public static RouteGroupBuilder MapRedirectApi(this IEndpointRouteBuilder app)
    {
        var redirect = app.MapGroup("").RateLimited(RateLimitPolicy.Redirect).WithTags("Redirect");
        // HEAD redirects too (link checkers use it) but is not counted as a click.
        redirect.MapMethods(SlugRoute, [HttpMethods.Get, HttpMethods.Head], FollowLink)
            .WithDescription("Redirects to the link's target (302 unless Shortener:Redirect:StatusCode says 301, 307 or 308; Location holds the " +
                "target). A password-protected link shows a form instead (200, text/html).")
            .Produces(StatusCodes.Status302Found)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status410Gone);
        // The password form posts back here. Only forms match, so a JSON or text POST to /links is never taken for a slug.
        redirect.MapPost(SlugRoute, UnlockLink).Accepts<PasswordFormFields>("application/x-www-form-urlencoded", "multipart/form-data")
            .WithDescription("The password form's answer: the right password redirects to the target (303 See Other); a wrong one is a 401 " +
                "(the form again, as text/html, when the client accepts HTML).")
            .Produces(StatusCodes.Status303SeeOther)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status410Gone, StatusCodes.Status429TooManyRequests);
        return redirect;
    }

    /// <summary>Browsers may not reuse a redirect without asking, so every click reaches us.</summary>
    internal const string RedirectCacheControl = "private, max-age=0";

    /// <summary>
    /// Location is set before the click is taken or counted, so a redirect that cannot be sent takes neither. Targets are
    /// stored in the ASCII form a header can carry (<see cref="TargetUrl"/>), so nothing is converted here.
    /// </summary>
    public static async Task<Results<StatusCodeHttpResult, HtmlPage, ProblemHttpResult>> FollowLink(string slug, HttpContext http,
        LinkCache links, ClickQuota quota, ClickBuffer clicks, IOptions<RedirectOptions> options, TimeProvider time, CancellationToken ct)
    {
        var link = await links.FindAsync(slug, ct);
        if (link is null) return Problems.NotFound(slug);
        if (link.ExpiresAt <= time.GetUtcNow()) return Problems.Gone(slug, "has expired");
        if (link.PasswordProtected) return PasswordForm.Render(slug, wrongPassword: false);
        var get = HttpMethods.IsGet(http.Request.Method);
        // A plain link opened without a query does nothing more than before: no parse, no lookup, no allocation.
        var (url, choice) = link.Plan is null && !http.Request.QueryString.HasValue ? new RouteResult(link.Url, null) : Route(link, http, time);
        http.Response.Headers.Location = url;
        if (get && await TakeClickAsync(link, slug, quota, http) is { } refused) return refused;
        if (!get && link.MaxClicks is { } max && await quota.IsExhaustedAsync(link.Id, max))
            return Refuse(http, Problems.Gone(slug, "has reached its click limit"));
        if (get) Count(link, http, clicks, time, choice);
        http.Response.Headers.CacheControl = RedirectCacheControl;
        return TypedResults.StatusCode(options.Value.StatusCode);
    }

    /// <summary>
    /// Checks the password posted by the form; a right one redirects with 303 See Other (the only status that turns the
    /// browser's POST into a GET of the target whatever the configured redirect status). Guesses are limited per link and client.
    /// </summary>
    public static async Task<Results<StatusCodeHttpResult, HtmlPage, ProblemHttpResult>> UnlockLink(string slug, HttpContext http,
        LinkCache links, LinkStore store, ClientRateLimiter limiter, ClickQuota quota, ClickBuffer clicks, TimeProvider time, CancellationToken ct)
    {
        var link = await links.FindAsync(slug, ct);
        if (link is null) return Problems.NotFound(slug);
        if (link.ExpiresAt <= time.GetUtcNow()) return Problems.Gone(slug, "has expired");

        if (await PasswordAttempts.TakeAsync(limiter, link.Id, http) is { } limited) return limited;
        if (!http.Request.HasFormContentType)
            return TypedResults.Problem("Post the form: Content-Type application/x-www-form-urlencoded with a password field.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
        string password;
        try
        {
            password = (await http.Request.ReadFormAsync(ct))["password"].ToString();
        }
        // A malformed form, or a multipart body that ends before its closing boundary (the client is still there).
        catch (Exception e) when (e is InvalidDataException || e is IOException && !ct.IsCancellationRequested)
        {
            return TypedResults.Problem("The form could not be read.", statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
        }

        var row = await store.FindAsync(slug, ct);
        if (row is null) return Problems.NotFound(slug);
        if (row.PasswordHash is { } hash && !(password.Length is > 0 and <= LinkRules.MaxPasswordLength && LinkPassword.Verify(password, hash)))
        {
            var wantsHtml = http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
            return wantsHtml ? PasswordForm.Render(slug, wrongPassword: true) : Problems.WrongPassword(slug);
        }
        var (url, choice) = link.Plan is null && !http.Request.QueryString.HasValue ? new RouteResult(link.Url, null) : Route(link, http, time);
        http.Response.Headers.Location = url;
        if (await TakeClickAsync(link, slug, quota, http) is { } refused) return refused;
        Count(link, http, clicks, time, choice);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.StatusCode(StatusCodes.Status303SeeOther);
    }

    /// <summary>Null when the redirect may go ahead; otherwise why not (see <see cref="ClickQuota"/> for how exact max_clicks is).</summary>
    private static async Task<ProblemHttpResult?> TakeClickAsync(LinkTarget link, string slug, ClickQuota quota, HttpContext http)
    {
        if (link.MaxClicks is not { } max) return null;
        switch (await quota.TryTakeAsync(link.Id, max))
        {
            case true: return null;
            case false: return Refuse(http, Problems.Gone(slug, "has reached its click limit"));
            default:
                http.Response.Headers.RetryAfter = "5";
                return Refuse(http, Problems.Unavailable(slug, "its click limit cannot be checked"));
        }
    }

    /// <summary>A refusal leads nowhere: the Location set for the redirect goes.</summary>
    private static ProblemHttpResult Refuse(HttpContext http, ProblemHttpResult problem)
    {
        http.Response.Headers.Remove("Location");
        return problem;
    }

    /// <summary>
    /// Rules, variants and UTM (issue 15), for a link that has them or a redirect with a query (its utm_* are passed on).
    /// Whatever a rule needs of the visitor (user agent, country, language) is worked out once, when first asked for.
    /// </summary>
    private static RouteResult Route(LinkTarget link, HttpContext http, TimeProvider time)
    {
        var request = http.Request;
        var visitor = new Visitor(http.Connection.RemoteIpAddress?.ToString(), NullIfEmpty(request.Headers.UserAgent.ToString()),
            request.Headers.AcceptLanguage.ToString(), request.Query, time.GetUtcNow(), http.RequestServices.GetRequiredService<VisitorServices>());
        return link.Plan is { } plan ? plan.Choose(link.Id, link.Url, visitor) : RoutePlan.PassOnUtm(link.Url, visitor);
    }

    internal static void Count(LinkTarget link, HttpContext http, ClickBuffer clicks, TimeProvider time, ClickChoice? choice)
    {
        var now = time.GetUtcNow();
        var request = http.Request;
        clicks.Add(new ClickEvent(EventIds.NewVersion7(now), link.Id, now, http.Connection.RemoteIpAddress?.ToString(),
            NullIfEmpty(request.Headers.UserAgent.ToString()), NullIfEmpty(request.Headers.Referer.ToString()), TraceParent(), choice));
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    /// <summary>
    /// The redirect's trace context rides in the stream message, so the worker's insert joins the same trace. A W3C
    /// activity's Id is that traceparent ("00-{trace id}-{span id}-{flags}"), built once per activity.
    /// </summary>
    private static string? TraceParent() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } a ? a.Id : null;
}
