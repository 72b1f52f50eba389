using Microsoft.AspNetCore.Http.HttpResults;
using Shortener.Api.Auth;
using Shortener.Api.OpenApi;
using Shortener.Api.RateLimiting;
using Shortener.Api.Workers;
using Shortener.Core.Clicks;

namespace Shortener.Api.Apis;

/// <summary>The click pipeline as its operators see it: heartbeats, status, a ping through the queue, the dead-letter queue.</summary>
public static class WorkerApi
{
    public static RouteGroupBuilder MapWorkerApi(this IEndpointRouteBuilder app)
    {
        // Operating the pipeline (status, ping, dead letters) is for admins; heartbeats are public like /health.
        var api = app.MapGroup("/worker").RequireAuthorization(AuthExtensions.AdminPolicy).RateLimited(RateLimitPolicy.Api).WithTags("Worker");
        api.MapGet("/health", GetHealth).AllowAnonymous();
        api.MapGet("/status", GetStatus);
        api.MapPost("/ping", Ping).ProducesProblems(StatusCodes.Status504GatewayTimeout);
        api.MapGet("/dlq", ListDeadLetters);
        api.MapPost("/dlq/replay", ReplayDeadLetters);
        return api;
    }

    public static async Task<Results<Ok<WorkerHealth>, JsonHttpResult<WorkerHealth>>> GetHealth(PipelineStatusReader status, HttpContext http)
    {
        var live = await status.LiveWorkersAsync();
        var health = new WorkerHealth(live.Count > 0 ? "Healthy" : "Unhealthy", await Caller.IsAdminAsync(http) ? live : null);
        return live.Count > 0 ? TypedResults.Ok(health) : TypedResults.Json(health, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    public static async Task<Ok<PipelineStatus>> GetStatus(PipelineStatusReader status, CancellationToken ct) =>
        TypedResults.Ok(await status.ReadAsync(ct));

    public static async Task<Results<Ok<PingResult>, ProblemHttpResult>> Ping(WorkerPinger pinger, CancellationToken ct)
    {
        var result = await pinger.PingAsync(ct);
        return result is null
            ? TypedResults.Problem("No worker answered the ping within 5 seconds: the click queue is not being drained.",
                statusCode: StatusCodes.Status504GatewayTimeout, title: "No worker answered")
            : TypedResults.Ok(result);
    }

    public static async Task<Results<Ok<DeadLetterPage>, ValidationProblem>> ListDeadLetters(DeadLetterQueue dlq, string? after = null, int limit = 50)
    {
        if (limit is < 1 or > 1000)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["limit must be between 1 and 1000."] });
        if (after is not null && !StreamEntryId.TryParseStrict(after, out _))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["after"] = ["after must be an entry id such as 1700000000000-0."] });
        return TypedResults.Ok(await dlq.ListAsync(after, limit));
    }

    public static async Task<Results<Ok<ReplayResult>, ValidationProblem>> ReplayDeadLetters(DeadLetterQueue dlq, ReplayRequest? request = null)
    {
        var ids = request?.Ids;
        if (ids is not null && ids.Any(id => !StreamEntryId.TryParseStrict(id, out _)))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["ids"] = ["Every id must be an entry id such as 1700000000000-0."] });
        return TypedResults.Ok(new ReplayResult(await dlq.ReplayAsync(ids)));
    }
}
