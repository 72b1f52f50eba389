using Microsoft.Net.Http.Headers;

namespace Shortener.Api.Extensions;

/// <summary>
/// Bodies are read as UTF-8 (RFC 8259 allows nothing else for JSON, and our forms are ASCII). A body that names another
/// charset is refused with 415 before anything reads it: reading would fail on an unknown name, and UTF-7 or UTF-16
/// would be decoded in ways no client of ours means.
/// </summary>
public sealed class RequestCharsetMiddleware(RequestDelegate next, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var contentType = context.Request.ContentType;
        if (contentType is null || contentType.IndexOf("charset", StringComparison.OrdinalIgnoreCase) < 0 || IsUtf8(contentType))
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status415UnsupportedMediaType,
                Title = "Unsupported charset",
                Detail = "Send the body as UTF-8: leave charset out of Content-Type, or say charset=utf-8.",
            },
        });
    }

    private static bool IsUtf8(string contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.Charset.Value?.Trim('"') is { } charset
        && (charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)
            || charset.Equals("us-ascii", StringComparison.OrdinalIgnoreCase));
}
