using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Shortener.Api.Auth;
using Shortener.Api.RateLimiting;
using Shortener.Api.Webhooks;
using Shortener.Core.Net;
using Shortener.Core.Webhooks;

namespace Shortener.Api.Apis;

/// <summary>
/// Webhook endpoints, managed by their owner (an admin sees all of them), and their delivery log. The worker sends the
/// deliveries, signed as the Standard Webhooks specification has it.
/// </summary>
public static class WebhooksApi
{
    private static readonly string[] s_statuses = ["pending", "delivered", "failed"];

    public static RouteGroupBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/webhooks").RequireAuthorization().RateLimited(RateLimitPolicy.Api).WithTags("Webhooks");
        api.MapPost("/", CreateWebhook);
        api.MapGet("/", ListWebhooks);
        api.MapGet("/{id:long}", GetWebhook);
        api.MapPatch("/{id:long}", UpdateWebhook);
        api.MapDelete("/{id:long}", DeleteWebhook);
        api.MapPost("/{id:long}/rotate-secret", RotateSecret);
        api.MapPost("/{id:long}/test", SendTest);
        api.MapGet("/{id:long}/deliveries", ListDeliveries);
        api.MapGet("/{id:long}/deliveries/{deliveryId:guid}", GetDelivery);
        api.MapPost("/{id:long}/deliveries/{deliveryId:guid}/retry", RetryDelivery);
        return api;
    }

    /// <summary>Registers an endpoint. The answer holds its secret, which is never shown again (rotate-secret makes a new one).</summary>
    public static async Task<Results<Created<WebhookCreated>, ValidationProblem>> CreateWebhook(CreateWebhookRequest? request, ClaimsPrincipal user,
        WebhookStore webhooks, TargetGuard guard, CancellationToken ct)
    {
        var errors = await WebhookRules.ValidateCreateAsync(request, guard, ct);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var key = WebhookSecret.NewKey();
        var row = await webhooks.CreateAsync(user.UserId(), user.IsAdmin(), request!.Url!, WebhookRules.Distinct(request.Events!),
            request.Slugs is null ? null : WebhookRules.Distinct(request.Slugs), key, ct);
        return TypedResults.Created($"/webhooks/{row.Id}",
            new WebhookCreated(row.Id, row.Url, row.Events, row.Slugs, row.Enabled, row.CreatedAt, WebhookSecret.Format(key)));
    }

    /// <summary>The caller's endpoints (an admin's: everyone's), newest first; pass next_cursor back as cursor for the next page.</summary>
    public static async Task<Results<Ok<WebhookPage>, ValidationProblem>> ListWebhooks(ClaimsPrincipal user, WebhookStore webhooks,
        CancellationToken ct, string? cursor = null, int limit = 20)
    {
        if (Paging.Read(cursor, limit, out long? before) is { } errors) return TypedResults.ValidationProblem(errors);
        var rows = await webhooks.ListAsync(user.UserId(), user.IsAdmin(), before, limit, ct);
        return TypedResults.Ok(new WebhookPage(rows.Select(r => r.ToResponse()).ToList(),
            Paging.Next(rows, limit, r => r.Id)));
    }

    public static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> GetWebhook(long id, ClaimsPrincipal user, WebhookStore webhooks,
        CancellationToken ct)
    {
        var (row, problem) = await FindAsync(id, user, webhooks, ct);
        if (problem is not null) return problem;
        return TypedResults.Ok(row!.ToResponse());
    }

    /// <summary>Changes url, events, slugs or enabled (only the fields sent). Enabling a disabled endpoint sends what waited.</summary>
    public static async Task<Results<Ok<WebhookResponse>, ValidationProblem, ProblemHttpResult>> UpdateWebhook(long id, UpdateWebhookRequest? request,
        ClaimsPrincipal user, WebhookStore webhooks, TargetGuard guard, CancellationToken ct)
    {
        var (_, problem) = await FindAsync(id, user, webhooks, ct);
        if (problem is not null) return problem;
        var errors = await WebhookRules.ValidateUpdateAsync(request, guard, ct);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (request!.Events is not null) request.Events = WebhookRules.Distinct(request.Events);
        if (request.Slugs is not null) request.Slugs = WebhookRules.Distinct(request.Slugs);
        var row = await webhooks.UpdateAsync(id, request, ct);
        return row is null ? Problems.WebhookNotFound(id) : TypedResults.Ok(row.ToResponse());
    }

    /// <summary>Nothing more is sent to it, pending deliveries included.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteWebhook(long id, ClaimsPrincipal user, WebhookStore webhooks,
        CancellationToken ct)
    {
        var (_, problem) = await FindAsync(id, user, webhooks, ct);
        if (problem is not null) return problem;
        return await webhooks.DeleteAsync(id, ct) ? TypedResults.NoContent() : Problems.WebhookNotFound(id);
    }

    /// <summary>A new secret, shown once; the old one goes on signing next to it until previous_secret_expires_at (Webhooks:SecretOverlap).</summary>
    public static async Task<Results<Ok<SecretRotated>, ProblemHttpResult>> RotateSecret(long id, ClaimsPrincipal user, WebhookStore webhooks,
        CancellationToken ct)
    {
        var (_, problem) = await FindAsync(id, user, webhooks, ct);
        if (problem is not null) return problem;
        var key = WebhookSecret.NewKey();
        var row = await webhooks.RotateSecretAsync(id, key, ct);
        return row is null ? Problems.WebhookNotFound(id) : TypedResults.Ok(new SecretRotated(id, WebhookSecret.Format(key), row.PreviousSecretUntil));
    }

    /// <summary>Queues a webhook.test event, whatever the endpoint subscribes to; its delivery shows in the log.</summary>
    public static async Task<Results<Accepted<DeliveryResponse>, ProblemHttpResult>> SendTest(long id, ClaimsPrincipal user, WebhookStore webhooks,
        DeliveryLog deliveries, CancellationToken ct)
    {
        var (row, problem) = await FindAsync(id, user, webhooks, ct);
        if (problem is not null) return problem;
        if (!row!.Enabled) return Problems.WebhookDisabled(id, row.DisabledReason);
        var delivery = await deliveries.QueueTestAsync(id, ct);
        return TypedResults.Accepted($"/webhooks/{id}/deliveries/{delivery.Id}", delivery.ToResponse());
    }

    /// <summary>The delivery log, newest first, optionally of one status (pending, delivered or failed).</summary>
    public static async Task<Results<Ok<DeliveryPage>, ValidationProblem, ProblemHttpResult>> ListDeliveries(long id, ClaimsPrincipal user,
        WebhookStore webhooks, DeliveryLog deliveries, CancellationToken ct, string? status = null, string? cursor = null, int limit = 20)
    {
        var errors = Paging.Read(cursor, limit, out Guid? before) ?? [];
        if (status is not null && !s_statuses.Contains(status)) errors["status"] = ["status is pending, delivered or failed."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var (_, problem) = await FindAsync(id, user, webhooks, ct);
        if (problem is not null) return problem;
        var rows = await deliveries.ListAsync(id, status, before, limit, ct);
        return TypedResults.Ok(new DeliveryPage(rows.Select(r => r.ToResponse()).ToList(),
            Paging.Next(rows, limit, r => r.Id)));
    }

    public static async Task<Results<Ok<DeliveryResponse>, ProblemHttpResult>> GetDelivery(long id, Guid deliveryId, ClaimsPrincipal user,
        WebhookStore webhooks, DeliveryLog deliveries, CancellationToken ct)
    {
        var (_, problem) = await FindAsync(id, user, webhooks, ct);
        if (problem is not null) return problem;
        var delivery = await deliveries.FindAsync(id, deliveryId, ct);
        return delivery is null ? Problems.DeliveryNotFound(id, deliveryId) : TypedResults.Ok(delivery.ToResponse());
    }

    /// <summary>Sends a delivery again, now, with the same webhook-id (one more attempt for a failed one).</summary>
    public static async Task<Results<Accepted<DeliveryResponse>, ProblemHttpResult>> RetryDelivery(long id, Guid deliveryId, ClaimsPrincipal user,
        WebhookStore webhooks, DeliveryLog deliveries, CancellationToken ct)
    {
        var (row, problem) = await FindAsync(id, user, webhooks, ct);
        if (problem is not null) return problem;
        if (!row!.Enabled) return Problems.WebhookDisabled(id, row.DisabledReason);
        var delivery = await deliveries.RetryAsync(id, deliveryId, ct);
        return delivery is null
            ? Problems.DeliveryNotFound(id, deliveryId)
            : TypedResults.Accepted($"/webhooks/{id}/deliveries/{deliveryId}", delivery.ToResponse());
    }

    private static async Task<(WebhookRow? Row, ProblemHttpResult? Problem)> FindAsync(long id, ClaimsPrincipal user, WebhookStore webhooks,
        CancellationToken ct)
    {
        var row = await webhooks.FindAsync(id, ct);
        if (row is null) return (null, Problems.WebhookNotFound(id));
        return user.CanAccess(row.OwnerId) ? (row, null) : (null, Problems.WebhookForbidden(id));
    }
}
