using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using ProblemDetailsOptions = Microsoft.AspNetCore.Http.ProblemDetailsOptions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Shortener.Api.Extensions;

/// <summary>
/// Problem details for a client whose Accept leaves JSON out (a browser asking for text/html, say). The framework's
/// writer declines those, and then IProblemDetailsService.WriteAsync throws (a 500 for a 401), exception handlers give
/// up (a 500 for bad JSON) and status-code pages fall back to plain text. Registered after the framework's writer, so it
/// only answers what that one declines, and in the same shape.
/// </summary>
public sealed class ProblemJsonFallbackWriter(IOptions<JsonOptions> json, IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        if (!problem.Extensions.ContainsKey("traceId")) problem.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;
        options.Value.CustomizeProblemDetails?.Invoke(context);
        http.Response.ContentType = "application/problem+json";
        return new ValueTask(JsonSerializer.SerializeAsync(http.Response.Body, problem, problem.GetType(), json.Value.SerializerOptions,
            http.RequestAborted));
    }
}
