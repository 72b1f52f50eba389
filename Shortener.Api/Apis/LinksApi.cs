using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Shortener.Api.Auth;
using Shortener.Api.Links;
using Shortener.Api.OpenApi;
using Shortener.Api.RateLimiting;
using Shortener.Core;
using Shortener.Core.Links;
using StackExchange.Redis;

namespace Shortener.Api.Apis;

public static class LinksApi
{
    private const int MaxSearchLength = 200;

    public static RouteGroupBuilder MapLinksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/links").RequireAuthorization().RateLimited(RateLimitPolicy.Api).WithTags("Links");
        api.MapPost("/", CreateLink).ProducesProblems(StatusCodes.Status409Conflict);
        api.MapGet("/", ListLinks);
        api.MapGet("/{slug}", GetLink).ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapPut("/{slug}", UpdateLink).ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapDelete("/{slug}", DeleteLink).ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        return api;
    }

    public static async Task<Results<Created<LinkResponse>, ValidationProblem, ProblemHttpResult>> CreateLink(CreateLinkRequest? request,
        ClaimsPrincipal user, ShortUrls shortUrls, LinkStore links, LinkChangePublisher changes, IConnectionMultiplexer redis,
        TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        var errors = LinkRules.ValidateCreate(request, time.GetUtcNow());
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var settings = ToSettings(request!);
        var row = await links.CreateAsync(settings, request!.Slug, user.UserId(), ct);
        if (row is null) return Problems.SlugTaken(request.Slug!);
        await changes.ForgetMissingAsync(row.Slug);
        await PublishCreatedAsync(redis, row, loggers.CreateLogger(nameof(LinksApi)));
        return TypedResults.Created($"/links/{row.Slug}", ToResponse(row, shortUrls));
    }

    /// <summary>A validated create request as it is stored (the password hashed, urls in ASCII, tags normalised, routing as jsonb).</summary>
    internal static LinkSettings ToSettings(CreateLinkRequest request)
    {
        LinkFields.ValidateTags(request.Tags ?? [], out var tags);
        return new LinkSettings(TargetUrl.ToAscii(request.Url)!, request.ExpiresAt, request.MaxClicks,
            request.Password is null ? null : LinkPassword.Hash(request.Password), request.Title, tags,
            RoutingRules.StoreRules(request.Rules), RoutingRules.StoreVariants(request.Variants), RoutingRules.StoreUtm(request.Utm));
    }

    /// <summary>
    /// The caller's links (an admin's: everyone's), newest first; pass next_cursor back as cursor for the next page.
    /// q keeps the links whose slug or target contains it, ignoring case; tag those with that tag; utm_campaign those
    /// whose utm has that campaign.
    /// </summary>
    public static async Task<Results<Ok<LinkPage>, ValidationProblem>> ListLinks(ClaimsPrincipal user, ShortUrls shortUrls, LinkStore links,
        CancellationToken ct, string? cursor = null, int limit = 20, string? q = null, string? tag = null,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "utm_campaign")] string? utmCampaign = null)
    {
        var errors = Paging.Read(cursor, limit, out long? before) ?? [];
        if (q?.Length > MaxSearchLength) errors["q"] = [$"A search is at most {MaxSearchLength} characters."];
        if (tag is not null && !LinkFields.IsTag(tag.ToLowerInvariant())) errors["tag"] = ["A tag is 1 to 32 characters of a-z, 0-9, '_' and '-'."];
        if (utmCampaign is not null && !Core.Links.Routing.UtmParameters.IsPassable(utmCampaign))
            errors["utm_campaign"] = [$"A UTM value is 1 to {Core.Links.Routing.UtmParameters.MaxValueLength} characters of printable text."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var search = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        var rows = await links.ListAsync(user.UserId(), user.IsAdmin(), before, limit, search, ct, tag?.ToLowerInvariant(), utmCampaign);
        return TypedResults.Ok(new LinkPage(rows.Select(r => ToResponse(r, shortUrls)).ToList(), Paging.Next(rows, limit, r => r.Id)));
    }

    /// <summary>One link, with its preview (once fetched) and the state of its latest job.</summary>
    public static async Task<Results<Ok<LinkResponse>, ProblemHttpResult>> GetLink(string slug, ClaimsPrincipal user, ShortUrls shortUrls,
        LinkStore links, LinkJobsReader jobs, CancellationToken ct)
    {
        var row = await links.FindAsync(slug, ct);
        if (row is null) return Problems.NotFound(slug);
        if (!user.CanAccess(row)) return Problems.Forbidden(slug);
        var (preview, state) = await jobs.ReadAsync(row.Id, ct);
        return TypedResults.Ok(ToResponse(row, shortUrls) with { Preview = preview, Jobs = state });
    }

    public static async Task<Results<Ok<LinkResponse>, ValidationProblem, ProblemHttpResult>> UpdateLink(string slug, UpdateLinkRequest? request,
        ClaimsPrincipal user, ShortUrls shortUrls, LinkStore links, LinkChangePublisher changes, TimeProvider time, CancellationToken ct)
    {
        var existing = await links.FindAsync(slug, ct);
        if (existing is null) return Problems.NotFound(slug);
        if (!user.CanAccess(existing)) return Problems.Forbidden(slug);
        var errors = LinkRules.ValidateUpdate(request, time.GetUtcNow());
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        if (request!.HasUrl) request.Url = TargetUrl.ToAscii(request.Url);
        var passwordHash = request.Password is { } password ? LinkPassword.Hash(password) : null;
        LinkFields.ValidateTags(request.Tags ?? [], out var tags);
        var stored = new LinkSettings(request.Url ?? "", null, null, null, Tags: tags, Rules: RoutingRules.StoreRules(request.Rules),
            Variants: RoutingRules.StoreVariants(request.Variants), Utm: RoutingRules.StoreUtm(request.Utm));
        if (await links.UpdateAsync(existing.Id, request, passwordHash, stored, ct) is not var (row, eventId)) return Problems.NotFound(slug);
        await changes.PublishCommittedAsync(new LinkChanged(LinkEvents.Updated, row.Id, row.Slug), eventId, ct);
        return TypedResults.Ok(ToResponse(row, shortUrls));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteLink(string slug, ClaimsPrincipal user, LinkStore links,
        LinkChangePublisher changes, CancellationToken ct)
    {
        var existing = await links.FindAsync(slug, ct);
        if (existing is null) return Problems.NotFound(slug);
        if (!user.CanAccess(existing)) return Problems.Forbidden(slug);
        if (await links.DeleteAsync(existing.Id, ct) is not var (row, eventId)) return Problems.NotFound(slug);
        await changes.PublishCommittedAsync(new LinkChanged(LinkEvents.Deleted, row.Id, row.Slug), eventId, ct);
        return TypedResults.NoContent();
    }

    internal static LinkResponse ToResponse(LinkRow row, ShortUrls shortUrls)
    {
        var routing = StoredRouting.Read(row.Rules, row.Variants, row.Utm);
        return new LinkResponse(row.Id, row.Slug, shortUrls.For(row.Slug), row.OriginalUrl, row.CreatedAt, row.UpdatedAt, row.ExpiresAt,
            row.MaxClicks, row.PasswordHash is not null, row.OwnerId, row.TotalClicks)
        {
            Title = row.Title, Tags = row.Tags, Rules = routing?.Rules ?? [], Variants = routing?.Variants ?? [], Utm = routing?.Utm,
        };
    }

    /// <summary>Best effort by design (pub/sub): the link is stored whatever happens here.</summary>
    internal static async Task PublishCreatedAsync(IConnectionMultiplexer redis, LinkRow row, ILogger logger)
    {
        try
        {
            var message = JsonSerializer.Serialize(new LinkCreated(row.Id, row.Slug, row.CreatedAt));
            await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(LinkEvents.CreatedChannel), message);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning(e, "Could not publish {Channel} for link {Id}", LinkEvents.CreatedChannel, row.Id);
        }
    }
}
