using Shortener.Api.OpenApi;
using Shortener.Api.RateLimiting;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Shortener.Api.Auth;
using Shortener.Api.Links;
using Shortener.Api.Live;
using Shortener.Api.Stats;

namespace Shortener.Api.Apis;

/// <summary>
/// Stored clicks as they arrive, as Server-Sent Events: one link's (its owner or an admin), or all of the caller's links
/// (every link for an admin). Authenticated like every other key-protected endpoint (the default policy), never by a key
/// in the URL.
/// </summary>
public static class LiveClicksApi
{
    public static IEndpointRouteBuilder MapLiveClicksApi(this IEndpointRouteBuilder app)
    {
        // Rate-limited per connection opened, as any API call: a stream, once open, is never cut by the limiter.
        var live = app.MapGroup("").RequireAuthorization().RateLimited(RateLimitPolicy.Api).WithTags("Live");
        live.MapGet("/links/{slug}/clicks/live", StreamLinkClicks).ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        live.MapGet("/clicks/live", StreamAllClicks);
        return app;
    }

    public static async Task<Results<LiveEventStream, ValidationProblem, ProblemHttpResult>> StreamLinkClicks(string slug,
        [FromQuery(Name = "include_bots")] string? includeBots, [FromHeader(Name = "Last-Event-ID")] string? lastEventId,
        ClaimsPrincipal user, LinkStore links, CancellationToken ct)
    {
        if (Parse(includeBots, lastEventId, out var bots, out var resume) is { } invalid) return invalid;
        var link = await links.FindAsync(slug, ct);
        if (link is null) return Problems.NotFound(slug);
        if (!user.CanAccess(link.OwnerId)) return LinkAccess.Forbidden(slug);
        return new LiveEventStream(LiveFilter.OneLink(link.Id, link.Slug, bots), resume);
    }

    public static Results<LiveEventStream, ValidationProblem> StreamAllClicks([FromQuery(Name = "include_bots")] string? includeBots,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventId, ClaimsPrincipal user)
    {
        if (Parse(includeBots, lastEventId, out var bots, out var resume) is { } invalid) return invalid;
        return new LiveEventStream(LiveFilter.Links(user.IsAdmin() ? null : user.UserId(), bots), resume);
    }

    private static ValidationProblem? Parse(string? includeBots, string? lastEventId, out bool bots, out LivePosition? resume)
    {
        var errors = new Dictionary<string, string[]>();
        bots = true;
        if (includeBots is not null && !bool.TryParse(includeBots, out bots))
            errors["include_bots"] = ["include_bots must be true or false."];
        resume = null;
        if (!string.IsNullOrEmpty(lastEventId))
        {
            if (LivePosition.TryParse(lastEventId, out var position)) resume = position;
            else errors["Last-Event-ID"] = ["Last-Event-ID must be the id of an event this stream sent, such as 1795364899118-0:5."];
        }
        return errors.Count == 0 ? null : TypedResults.ValidationProblem(errors);
    }
}
