using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Shortener.Api.Auth;
using Shortener.Api.Links;
using Shortener.Api.OpenApi;
using Shortener.Api.RateLimiting;
using Shortener.Api.Stats;

namespace Shortener.Api.Apis;

public static class StatsApi
{
    public static RouteGroupBuilder MapStatsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/stats").RequireAuthorization().RateLimited(RateLimitPolicy.Api).WithTags("Stats");
        api.MapGet("/{slug}", GetSimpleStats).ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        return api;
    }

    /// <summary>The tutorial-compatible shape: {total, by_day:[{day, clicks}]} for the last 30 days, newest first.</summary>
    public static async Task<Results<Ok<SimpleStats>, ProblemHttpResult>> GetSimpleStats(string slug, ClaimsPrincipal user, LinkStore links,
        StatsStore stats, CancellationToken ct)
    {
        var link = await links.FindAsync(slug, ct);
        if (link is null) return Problems.NotFound(slug);
        if (!user.CanAccess(link)) return Problems.Forbidden(slug);
        return TypedResults.Ok(await stats.SimpleAsync(link.Id, days: 30, ct));
    }
}
