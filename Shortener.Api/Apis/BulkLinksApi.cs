using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Shortener.Api.Auth;
using Shortener.Api.Links;
using Shortener.Api.OpenApi;
using Shortener.Api.RateLimiting;

namespace Shortener.Api.Apis;

/// <summary>One item's outcome: 201 with the link, or its problem (400 with the failed fields, 409 for a taken slug).</summary>
public sealed record BulkItemResult(int Index, int Status, LinkResponse? Link, BulkProblem? Problem);

public sealed record BulkProblem(string Title, int Status, string Detail, IReadOnlyDictionary<string, string[]>? Errors);

public sealed record BulkResult(int Created, int Failed, IReadOnlyList<BulkItemResult> Items);

/// <summary>
/// POST /links/bulk: up to 1,000 link bodies (a JSON array) in one request, answered 207 with one result per item, in
/// order. Valid items are created even when others fail; all of them go into the database in one statement.
/// </summary>
public static class BulkLinksApi
{
    public const int MaxItems = 1000;
    /// <summary>A thousand bodies with rules: more than the 16 KB every other endpoint takes.</summary>
    public const long MaxBodyBytes = 8 * 1024 * 1024;

    public static RouteHandlerBuilder MapBulkLinksApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/links/bulk", CreateLinks).RequireAuthorization().RateLimited(RateLimitPolicy.Api).WithTags("Links")
            .Accepts<List<CreateLinkRequest>>("application/json")
            .Produces<BulkResult>(StatusCodes.Status207MultiStatus)
            .WithDescription($"Creates up to {MaxItems} links (a JSON array of the bodies POST /links takes, at most 8 MB). Answers 207 with " +
                "one result per item in order: status 201 with the link, or 400/409 with the problem. Valid items are created even when others fail.");

    public static async Task<Results<JsonHttpResult<BulkResult>, ValidationProblem, ProblemHttpResult>> CreateLinks(HttpRequest http,
        ClaimsPrincipal user, ShortUrls shortUrls, LinkStore links, LinkChangePublisher changes, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        TimeProvider time, CancellationToken ct)
    {
        if (http.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = MaxBodyBytes;
        if (!http.HasJsonContentType())
            return TypedResults.Problem("Send a JSON array of link bodies with Content-Type application/json.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
        List<CreateLinkRequest?>? items;
        try
        {
            items = await http.ReadFromJsonAsync<List<CreateLinkRequest?>>(json.Value.SerializerOptions, ct);
        }
        catch (JsonException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["body"] = [$"The body must be a JSON array of link bodies (it is not, at {e.Path ?? "$"})."],
            });
        }
        if (items is null || items.Count is 0 or > MaxItems)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"Send 1 to {MaxItems} link bodies in a JSON array."] });

        var now = time.GetUtcNow();
        var results = new BulkItemResult?[items.Count];
        var valid = new List<(int, LinkSettings, string?)>(items.Count);
        var slugs = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var errors = LinkRules.ValidateCreate(items[i], now);
            if (errors.Count > 0)
                results[i] = new BulkItemResult(i, 400, null, new BulkProblem("One or more validation errors occurred.", 400,
                    "The item is not a valid link body.", errors));
            else if (items[i]!.Slug is { } slug && !slugs.Add(slug))
                results[i] = SlugTaken(i, slug, "an earlier item of this request has it");
            else
                valid.Add((i, LinksApi.ToSettings(items[i]!), items[i]!.Slug));
        }

        var created = await links.CreateManyAsync(valid, user.UserId(), ct);
        foreach (var (index, _, slug) in valid)
            results[index] = created.TryGetValue(index, out var row)
                ? new BulkItemResult(index, 201, LinksApi.ToResponse(row, shortUrls), null)
                : SlugTaken(index, slug!, "another link has it");
        await changes.ForgetMissingAndAnnounceAsync([.. created.Values.Select(r => (r.Id, r.Slug, r.CreatedAt))]);
        return TypedResults.Json(new BulkResult(created.Count, items.Count - created.Count, results!), json.Value.SerializerOptions,
            statusCode: StatusCodes.Status207MultiStatus);
    }

    private static BulkItemResult SlugTaken(int index, string slug, string why) =>
        new(index, 409, null, new BulkProblem("Slug taken", 409, $"The slug '{slug}' is taken: {why}.", null));
}
