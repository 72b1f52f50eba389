using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Shortener.Api.Auth;
using Shortener.Api.OpenApi;
using Shortener.Api.RateLimiting;
using Shortener.Api.Stats;
using Shortener.Api.Tags;
using Shortener.Core.Links;

namespace Shortener.Api.Apis;

/// <summary>GET /tags (the caller's tags with their link and click counts) and GET /tags/{tag}/stats (all of a tag's links, from the rollups).</summary>
public static class TagsApi
{
    public static RouteGroupBuilder MapTagsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/tags").RequireAuthorization().RateLimited(RateLimitPolicy.Api).WithTags("Tags");
        api.MapGet("", ListTags);
        api.MapGet("/{tag}/stats", GetTagStats).ProducesProblems(StatusCodes.Status404NotFound);
        return api;
    }

    public static async Task<Ok<TagList>> ListTags(ClaimsPrincipal user, TagStore tags, CancellationToken ct) =>
        TypedResults.Ok(new TagList(await tags.ListAsync(user.UserId(), user.IsAdmin(), ct)));

    /// <summary>
    /// The same answer as a link's stats, summed over the caller's links that have the tag now (an admin's: everyone's).
    /// Unique visitors add up per link and day: a visitor of two of the links counts twice.
    /// </summary>
    public static async Task<Results<Ok<LinkStats>, ValidationProblem, ProblemHttpResult>> GetTagStats(string tag, string? start, string? end,
        [FromQuery(Name = "include_bots")] string? includeBots, string? top, ClaimsPrincipal user, TagStore tags, LinkStatsStore stats,
        TimeProvider time, CancellationToken ct)
    {
        var name = tag.ToLowerInvariant();
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var query = StatsQuery.Parse(start, end, includeBots, top, today, out var errors);
        if (!LinkFields.IsTag(name)) errors["tag"] = ["A tag is 1 to 32 characters of a-z, 0-9, '_' and '-'."];
        if (query is null || errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var ids = await tags.LinkIdsAsync(name, user.UserId(), user.IsAdmin(), ct);
        if (ids.Length == 0)
            return TypedResults.Problem($"None of your links has the tag '{name}'.", statusCode: StatusCodes.Status404NotFound, title: "Tag not found");
        return TypedResults.Ok(await stats.ReadAsync(name, ids, query, hasRules: false, ct) with { Tag = name });
    }
}
