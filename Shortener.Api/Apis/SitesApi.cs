using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Shortener.Api.Auth;
using Shortener.Api.Events;
using Shortener.Api.OpenApi;
using Shortener.Api.RateLimiting;
using Shortener.Api.Sites;

namespace Shortener.Api.Apis;

public sealed record CreateSiteRequest(string? SiteId, string? Name);

public sealed record SiteResponse(string SiteId, string? Name, long? OwnerId, DateTimeOffset CreatedAt);

public static class SitesApi
{
    private const int MaxNameLength = 200;

    public static RouteGroupBuilder MapSitesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/sites").RequireAuthorization().RateLimited(RateLimitPolicy.Api).WithTags("Sites");
        api.MapPost("/", CreateSite).ProducesProblems(StatusCodes.Status409Conflict);
        api.MapGet("/", ListSites);
        api.MapGet("/{site_id}", GetSite).ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapDelete("/{site_id}", DeleteSite).ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        return api;
    }

    /// <summary>Registers a site for the caller; its pages then send events with its site_id.</summary>
    public static async Task<Results<Created<SiteResponse>, ValidationProblem, ProblemHttpResult>> CreateSite(CreateSiteRequest? request,
        ClaimsPrincipal user, SiteStore sites, SiteDirectory directory, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(request?.SiteId)) errors["site_id"] = ["site_id is required."];
        else if (!EventRules.SiteIdPattern().IsMatch(request.SiteId))
            errors["site_id"] = ["site_id must be 1 to 255 of A-Z, a-z, 0-9, '.', '_', ':' and '-'."];
        if (request?.Name is { } name && (name.Length > MaxNameLength || name.AsSpan().ContainsAny('\0', '\uFFFE')))
            errors["name"] = [$"name must be at most {MaxNameLength} characters of text."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var row = await sites.CreateAsync(request!.SiteId!, string.IsNullOrWhiteSpace(request.Name) ? null : request.Name.Trim(), user.UserId(), ct);
        if (row is null) return SiteProblems.Taken(request.SiteId!);
        directory.Registered(row.SiteId);
        return TypedResults.Created($"/sites/{row.SiteId}", ToResponse(row));
    }

    /// <summary>The caller's sites (an admin's: everyone's), by id.</summary>
    public static async Task<Ok<List<SiteResponse>>> ListSites(ClaimsPrincipal user, SiteStore sites, CancellationToken ct) =>
        TypedResults.Ok((await sites.ListAsync(user.UserId(), user.IsAdmin(), ct)).Select(ToResponse).ToList());

    public static async Task<Results<Ok<SiteResponse>, ProblemHttpResult>> GetSite([FromRoute(Name = "site_id")] string siteId, ClaimsPrincipal user, SiteStore sites,
        CancellationToken ct)
    {
        var row = await sites.FindAsync(siteId, ct);
        if (row is null) return SiteProblems.NotFound(siteId);
        if (!user.CanAccess(row.OwnerId)) return SiteProblems.Forbidden(siteId);
        return TypedResults.Ok(ToResponse(row));
    }

    /// <summary>Removes the site with its events and statistics; events sent for it afterwards answer 404.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteSite([FromRoute(Name = "site_id")] string siteId, ClaimsPrincipal user, SiteStore sites,
        SiteDirectory directory, CancellationToken ct)
    {
        var row = await sites.FindAsync(siteId, ct);
        if (row is null) return SiteProblems.NotFound(siteId);
        if (!user.CanAccess(row.OwnerId)) return SiteProblems.Forbidden(siteId);
        await sites.DeleteAsync(siteId, ct);
        // After the commit: a refresh of the directory that read the sites before it cannot bring the site back.
        directory.Deleted(siteId);
        return TypedResults.NoContent();
    }

    private static SiteResponse ToResponse(SiteRow row) => new(row.SiteId, row.Name, row.OwnerId, row.CreatedAt);
}
