using Microsoft.AspNetCore.Http.HttpResults;
using Shortener.Api.Alerts;
using Shortener.Api.Auth;
using Shortener.Api.RateLimiting;

namespace Shortener.Api.Apis;

/// <summary>Alerts the worker raised (a link job or a delivery failing its 3rd attempt, an endpoint disabled); admins only.</summary>
public static class AlertsApi
{
    public static RouteGroupBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/alerts").RequireAuthorization(AuthExtensions.AdminPolicy).RateLimited(RateLimitPolicy.Api).WithTags("Alerts");
        api.MapGet("/", ListAlerts);
        return api;
    }

    /// <summary>Newest first; open=true leaves out resolved ones; pass next_cursor back as cursor for the next page.</summary>
    public static async Task<Results<Ok<AlertPage>, ValidationProblem>> ListAlerts(AlertStore alerts, CancellationToken ct, bool open = false,
        string? cursor = null, int limit = 20)
    {
        if (Paging.Read(cursor, limit, out long? before) is { } errors) return TypedResults.ValidationProblem(errors);
        var rows = await alerts.ListAsync(open, before, limit, ct);
        return TypedResults.Ok(new AlertPage(rows.Select(r => r.ToResponse()).ToList(), Paging.Next(rows, limit, r => r.Seq)));
    }
}
