using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Shortener.Api.Auth;
using Shortener.Api.Imports;
using Shortener.Api.OpenApi;
using Shortener.Api.RateLimiting;
using Shortener.Core.Imports;

namespace Shortener.Api.Apis;

/// <summary>
/// Imports from other shorteners as a background job, like CSV export: POST /imports files the uploaded file (202), a
/// worker imports it in batches, and GET /imports/{id} reports its progress and the rows it skipped or could not import.
/// </summary>
public static class ImportsApi
{
    public static RouteGroupBuilder MapImportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/imports").RequireAuthorization().RateLimited(RateLimitPolicy.Api).WithTags("Imports");
        api.MapPost("", CreateImport).Accepts<ImportForm>("multipart/form-data")
            .WithDescription($"Files an import of links (multipart: file, and format {string.Join(", ", ImportFormats.All)}; at most 32 MB). " +
                "Answers 202 with the job's id; GET /imports/{id} reports progress.");
        api.MapGet("/{id:guid}", GetImport).ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        return api;
    }

    public static async Task<Results<Accepted<ImportAccepted>, ValidationProblem, ProblemHttpResult>> CreateImport(HttpRequest http,
        ClaimsPrincipal user, ImportStore imports, CancellationToken ct)
    {
        if (http.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = ImportFormats.MaxFileBytes + 64 * 1024;
        if (!http.HasFormContentType || !(http.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) ?? false))
            return TypedResults.Problem("Post a multipart/form-data form with a file field and a format field.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
        IFormCollection form;
        try
        {
            form = await http.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is InvalidDataException || e is IOException && !ct.IsCancellationRequested)
        {
            return TypedResults.Problem("The form could not be read.", statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
        }

        var errors = new Dictionary<string, string[]>();
        var format = form["format"].ToString();
        if (!ImportFormats.All.Contains(format)) errors["format"] = [$"format is one of {string.Join(", ", ImportFormats.All)}."];
        var file = form.Files.GetFile("file");
        if (file is null || file.Length == 0) errors["file"] = ["Attach the file to import as the form's file field."];
        else if (file.Length > ImportFormats.MaxFileBytes) errors["file"] = [$"A file is at most {ImportFormats.MaxFileBytes / 1024 / 1024} MB."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var bytes = new byte[file!.Length];
        await using (var stream = file.OpenReadStream()) await stream.ReadExactlyAsync(bytes, ct);
        var name = Path.GetFileName(file.FileName);
        var id = await imports.CreateAsync(user.UserId(), format, name.Length is > 0 and <= 255 ? name : null, bytes, ct);
        return TypedResults.Accepted($"/imports/{id}", new ImportAccepted(id, "pending"));
    }

    public static async Task<Results<Ok<ImportStatus>, ProblemHttpResult>> GetImport(Guid id, ClaimsPrincipal user, ImportStore imports, CancellationToken ct)
    {
        if (await imports.FindAsync(id, ct) is not var (job, skipped, failed))
            return TypedResults.Problem($"No import has the id '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Import not found");
        if (!user.CanAccess(job.OwnerId))
            return TypedResults.Problem($"Import {id} is another user's.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
        return TypedResults.Ok(new ImportStatus(job.Id, job.Format, job.FileName, job.Status, job.RequestedAt, job.StartedAt, job.FinishedAt,
            job.TotalRows, job.ProcessedRows, job.Created, job.Skipped, job.Failed, job.Error, skipped, failed));
    }
}
