using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Shortener.Api.Auth;
using Shortener.Api.Events;
using Shortener.Api.OpenApi;
using Shortener.Api.RateLimiting;
using Shortener.Api.Sites;
using Shortener.Api.Stats;
using Shortener.Core.Events;

namespace Shortener.Api.Apis;

public static class EventsApi
{
    public const int MaxEventBytes = 64 * 1024;
    public const int MaxBatchEvents = 1000;
    public const int MaxBatchBytes = 8 * 1024 * 1024;
    private const string Received = "Event received and queued for processing";

    public static RouteGroupBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        // Public, as a tracking endpoint must be, and limited per client IP as redirects are.
        var ingest = app.MapGroup("/api").RateLimited(RateLimitPolicy.Redirect).WithTags("Events");
        ingest.MapPost("/event", PostEvent).Accepts<SiteEventRequest>("application/json")
            .WithMetadata(new RequestSizeLimitAttribute(MaxEventBytes))
            .WithDescription("Takes one page event: 202 once it is queued (it never waits on PostgreSQL), stored exactly once by a worker. " +
                "A failure is a 400 problem listing every failing field in details; an unregistered site_id a 404; a body over 64 KB a 413.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        ingest.MapPost("/events", PostEvents).Accepts<SiteEventRequest[]>("application/json")
            .WithMetadata(new RequestSizeLimitAttribute(MaxBatchBytes))
            .WithDescription($"Takes up to {MaxBatchEvents} events, all or nothing: any invalid one answers 400 with details naming its index " +
                $"([3].timestamp: …); more than {MaxBatchEvents}, or a body over 8 MB, a 413.")
            .ProducesProblems(StatusCodes.Status413PayloadTooLarge);

        var stats = app.MapGroup("/api").RequireAuthorization().RateLimited(RateLimitPolicy.Api).WithTags("Events");
        stats.MapGet("/stats", GetStats).ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        return ingest;
    }

    public static async Task<Results<Accepted<EventAccepted>, ValidationProblem, ProblemHttpResult>> PostEvent(HttpContext http,
        SiteDirectory sites, EventBuffer buffer, IOptions<EventOptions> options, TimeProvider time, CancellationToken ct)
    {
        var (body, refused) = await ReadJsonAsync(http, ct);
        if (refused is not null) return refused;
        using var _ = body;
        var errors = new Dictionary<string, string[]>();
        var e = EventRules.Read(body!.RootElement, "", time.GetUtcNow(), options.Value, Ip(http), UserAgent(http), errors);
        if (e is null) return SiteProblems.Invalid(errors);
        if (!sites.IsRegistered(e.SiteId)) return SiteProblems.UnknownSite(e.SiteId);
        if (!buffer.TryAddAll([e])) return SiteProblems.Busy();
        return TypedResults.Accepted((string?)null, new EventAccepted(true, Received));
    }

    public static async Task<Results<Accepted<EventsAccepted>, ValidationProblem, ProblemHttpResult>> PostEvents(HttpContext http,
        SiteDirectory sites, EventBuffer buffer, IOptions<EventOptions> options, TimeProvider time, CancellationToken ct)
    {
        var (body, refused) = await ReadJsonAsync(http, ct);
        if (refused is not null) return refused;
        using var _ = body;
        var root = body!.RootElement;
        if (root.ValueKind != JsonValueKind.Array) return SiteProblems.NotJson("The body must be a JSON array of events.");
        if (root.GetArrayLength() > MaxBatchEvents) return SiteProblems.TooMany(MaxBatchEvents);
        var errors = new Dictionary<string, string[]>();
        var events = new List<SiteEvent>(root.GetArrayLength());
        var (now, ip, agent) = (time.GetUtcNow(), Ip(http), UserAgent(http));
        var index = 0;
        foreach (var item in root.EnumerateArray())
        {
            var prefix = $"[{index++}]";
            if (EventRules.Read(item, prefix, now, options.Value, ip, agent, errors) is not { } e) continue;
            if (sites.IsRegistered(e.SiteId)) events.Add(e);
            else EventRules.Add(errors, prefix, "site_id", $"No site '{e.SiteId}' is registered.");
        }
        if (errors.Count > 0) return SiteProblems.Invalid(errors);
        // All or nothing here too: a batch the queue cannot take whole is refused whole, for the client to send again.
        if (!buffer.TryAddAll(events)) return SiteProblems.Busy();
        return TypedResults.Accepted((string?)null, new EventsAccepted(true, events.Count));
    }

    /// <summary>
    /// A site's statistics for one UTC day (date), inclusive UTC days (start, end) or all days (neither): total views,
    /// unique users (the sum of each day's), the top paths, views and unique users per day, and counts per event type.
    /// </summary>
    public static async Task<Results<Ok<SiteStats>, ValidationProblem, ProblemHttpResult>> GetStats(ClaimsPrincipal user, SiteStore sites,
        SiteStatsStore stats, CancellationToken ct, [FromQuery(Name = "site_id")] string? siteId = null, string? date = null,
        string? start = null, string? end = null, [FromQuery(Name = "event_type")] string? eventType = null, string? top = null)
    {
        var query = SiteStatsQuery.Parse(siteId, date, start, end, eventType, top, out var errors);
        // The owner check comes before the other parameters: a stranger's query is a 403 however it is written.
        if (!errors.ContainsKey("site_id"))
        {
            var site = await sites.FindAsync(siteId!, ct);
            if (site is null) return SiteProblems.NotFound(siteId!);
            if (!user.CanAccess(site.OwnerId)) return SiteProblems.Forbidden(siteId!);
        }
        if (query is null) return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(await stats.ReadAsync(query, ct));
    }

    private static async Task<(JsonDocument?, ProblemHttpResult?)> ReadJsonAsync(HttpContext http, CancellationToken ct)
    {
        if (!http.Request.HasJsonContentType())
            return (null, TypedResults.Problem("Send the event as application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type"));
        try
        {
            return (await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: ct), null);
        }
        catch (JsonException)
        {
            return (null, SiteProblems.NotJson("The body is not valid JSON."));
        }
    }

    private static string? Ip(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();

    private static string? UserAgent(HttpContext http) => http.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null;
}
