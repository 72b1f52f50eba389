using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Shortener.Api.Links;
using Shortener.Core;
using Shortener.Core.Links;
using StackExchange.Redis;

namespace Shortener.Api.Apis;

public static class LinksApi
{
    public static RouteGroupBuilder MapLinksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/links").RequireAuthorization().WithTags("Links");
        api.MapPost("/", CreateLink);
        api.MapGet("/{slug}", GetLink);
        return api;
    }

    public static async Task<Results<Created<LinkResponse>, ValidationProblem>> CreateLink(CreateLinkRequest? request, HttpRequest http,
        LinkStore links, IConnectionMultiplexer redis, IOptions<RedirectOptions> redirect, ILoggerFactory loggers, CancellationToken ct)
    {
        if (TargetUrl.Validate(request?.Url) is { } error)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["url"] = [error] });

        var row = await links.CreateAsync(request!.Url!, ownerId: null, ct);
        await PublishCreatedAsync(redis, row, loggers.CreateLogger(nameof(LinksApi)));
        var response = ToResponse(row, http, redirect.Value);
        return TypedResults.Created($"/links/{row.Slug}", response);
    }

    public static async Task<Results<Ok<LinkResponse>, ProblemHttpResult>> GetLink(string slug, HttpRequest http,
        LinkStore links, IOptions<RedirectOptions> redirect, CancellationToken ct)
    {
        var row = await links.FindAsync(slug, ct);
        return row is null
            ? Problems.NotFound(slug)
            : TypedResults.Ok(ToResponse(row, http, redirect.Value));
    }

    internal static LinkResponse ToResponse(LinkRow row, HttpRequest http, RedirectOptions redirect)
    {
        var baseUrl = redirect.BaseUrl?.TrimEnd('/') ?? $"{http.Scheme}://{http.Host}";
        return new LinkResponse(row.Id, row.Slug, $"{baseUrl}/{row.Slug}", row.OriginalUrl, row.CreatedAt, row.TotalClicks);
    }

    /// <summary>Best effort by design (pub/sub): the link is stored whatever happens here.</summary>
    private static async Task PublishCreatedAsync(IConnectionMultiplexer redis, LinkRow row, ILogger logger)
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
