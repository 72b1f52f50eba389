using Shortener.Api.Auth;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Shortener.Core.Exports;
using Shortener.Api.Exports;
using Shortener.Api.Links;
using Shortener.Api.OpenApi;
using Shortener.Api.RateLimiting;
using Shortener.Api.Stats;

namespace Shortener.Api.Apis;

/// <summary>
/// CSV export as a background job: POST files it (202), the worker writes it into PostgreSQL, GET /exports/{id} reports
/// its status and, once done, GET /exports/{id}/download streams the file.
/// </summary>
public static class ExportsApi
{
    public static IEndpointRouteBuilder MapExportsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/links/{slug}/exports", CreateExport).RequireAuthorization().RateLimited(RateLimitPolicy.Api).WithTags("Exports")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        var api = app.MapGroup("/exports").RequireAuthorization().RateLimited(RateLimitPolicy.Api).WithTags("Exports");
        api.MapGet("/{id:guid}", GetExport).ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapGet("/{id:guid}/download", DownloadExport).Produces(StatusCodes.Status200OK, typeof(string), "text/csv")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status410Gone);
        return app;
    }

    public static async Task<Results<Accepted<ExportAccepted>, ProblemHttpResult>> CreateExport(string slug, ClaimsPrincipal user,
        LinkStore links, ExportStore exports, CancellationToken ct)
    {
        var link = await links.FindAsync(slug, ct);
        if (link is null) return Problems.NotFound(slug);
        if (!user.CanAccess(link.OwnerId)) return LinkAccess.Forbidden(slug);
        var id = await exports.CreateAsync(link.Id, ct);
        return TypedResults.Accepted($"/exports/{id}", new ExportAccepted(id, "pending"));
    }

    public static async Task<Results<Ok<ExportStatus>, ProblemHttpResult>> GetExport(Guid id, ClaimsPrincipal user, ExportStore exports,
        CancellationToken ct)
    {
        var export = await exports.FindAsync(id, ct);
        if (export is null) return NotFound(id);
        if (!user.CanAccess(export.OwnerId)) return LinkAccess.Forbidden(export.Slug);
        var status = export.Expired ? ExportRow.ExpiredStatus : export.Status;
        return TypedResults.Ok(new ExportStatus(export.Id, export.Slug, status, export.RequestedAt, export.StartedAt, export.FinishedAt,
            export.RowCount, export.ByteCount, export.Error, status == ExportRow.Done ? $"/exports/{id}/download" : null));
    }

    public static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> DownloadExport(Guid id, ClaimsPrincipal user,
        ExportStore exports, IOptions<ExportRetentionOptions> retention, CancellationToken ct)
    {
        var export = await exports.FindAsync(id, ct);
        if (export is null) return NotFound(id);
        if (!user.CanAccess(export.OwnerId)) return LinkAccess.Forbidden(export.Slug);
        if (export.Expired)
            return TypedResults.Problem($"Export {id} finished more than {retention.Value.Retention} ago and was deleted; file a new one.",
                statusCode: StatusCodes.Status410Gone, title: "Export expired");
        if (export.Status != ExportRow.Done)
            return TypedResults.Problem($"Export {id} is {export.Status}; GET /exports/{id} tells when it is done.",
                statusCode: StatusCodes.Status409Conflict, title: "Export not ready");
        return TypedResults.Stream(body => exports.CopyToAsync(export, body, ct), "text/csv; charset=utf-8",
            fileDownloadName: $"{export.Slug}-clicks-{export.FinishedAt:yyyyMMdd'T'HHmmss'Z'}.csv");
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem($"No export has the id '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Export not found");
}
