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
        if (contentType is null || contentType.IndexOf("charset", StringComparison.OrdinalIgnoreCase) < 0)
        {
            await next(context);
            return;
        }
        if (Utf8Form(contentType) is { } utf8)
        {
            // The readers look the charset up by its exact text, and a quoted "utf-8" (which HTTP allows) is no name they know.
            context.Request.ContentType = utf8;
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

    /// <summary>The Content-Type with charset=utf-8 when it names UTF-8 (or ASCII, a part of it) in any spelling; null otherwise.</summary>
    private static string? Utf8Form(string contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.Charset.Value?.Trim('"') is not { } charset) return null;
        if (!(charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)
            || charset.Equals("us-ascii", StringComparison.OrdinalIgnoreCase))) return null;
        parsed.Charset = "utf-8";
        return parsed.ToString();
    }
}
