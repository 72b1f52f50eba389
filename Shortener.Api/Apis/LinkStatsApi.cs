using Shortener.Api.Auth;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Shortener.Api.Links;
using Shortener.Api.OpenApi;
using Shortener.Api.RateLimiting;
using Shortener.Api.Stats;

namespace Shortener.Api.Apis;

/// <summary>GET /links/{slug}/stats: clicks, visitors and breakdowns over a range of UTC days, read from the rollups.</summary>
public static class LinkStatsApi
{
    public static RouteGroupBuilder MapLinkStatsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/links/{slug}/stats").RequireAuthorization().RateLimited(RateLimitPolicy.Api).WithTags("Stats");
        api.MapGet("", GetLinkStats).ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapGet("/hourly", GetHourlyStats).ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        return api;
    }

    public static async Task<Results<Ok<LinkStats>, ValidationProblem, ProblemHttpResult>> GetLinkStats(string slug, string? start, string? end,
        [FromQuery(Name = "include_bots")] string? includeBots, string? top, ClaimsPrincipal user, LinkStore links, LinkStatsStore stats,
        TimeProvider time, CancellationToken ct)
    {
        // Who may ask comes first: a stranger learns nothing from how their query would have been read.
        var link = await links.FindAsync(slug, ct);
        if (link is null) return Problems.NotFound(slug);
        if (!user.CanAccess(link.OwnerId)) return LinkAccess.Forbidden(slug);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (StatsQuery.Parse(start, end, includeBots, top, today, out var errors) is not { } query)
            return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(await stats.ReadAsync(link.Slug, link.Id, query, ct, hasRules: link.Rules is not null));
    }

    /// <summary>The last hours (24 by default, at most a week) per UTC hour, read from raw clicks.</summary>
    public static async Task<Results<Ok<HourlyStats>, ValidationProblem, ProblemHttpResult>> GetHourlyStats(string slug, string? hours,
        string? before, [FromQuery(Name = "include_bots")] string? includeBots, string? top, ClaimsPrincipal user, LinkStore links,
        HourlyStatsStore stats, TimeProvider time, CancellationToken ct)
    {
        // Who may ask comes before what is asked: a stranger's query is a 403 however it is written.
        var link = await links.FindAsync(slug, ct);
        if (link is null) return Problems.NotFound(slug);
        if (!user.CanAccess(link.OwnerId)) return LinkAccess.Forbidden(slug);
        if (HourlyStatsQuery.Parse(hours, before, includeBots, top, time.GetUtcNow(), out var errors) is not { } query)
            return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(await stats.ReadAsync(link.Slug, link.Id, query, ct));
    }
}
