using Microsoft.AspNetCore.Diagnostics;

namespace Shortener.Api.Extensions;

/// <summary>
/// Malformed JSON, wrong types and oversized bodies surface as BadHttpRequestException (always in Development);
/// they are the client's error, so they answer with the exception's 4xx status as problem+json, never a 500.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad) return false;
        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "The request could not be read",
                Detail = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? "The request body is larger than this endpoint accepts."
                    : "The body must be JSON of the documented shape, for example {\"url\": \"https://example.com\"}.",
            },
        });
    }
}
