namespace Shortener.Api.Auth;

/// <summary>The problem+json answers of the authentication handlers (401, 403), written alike by each scheme.</summary>
internal static class AuthProblems
{
    public static Task WriteAsync(IProblemDetailsService problems, HttpContext http, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }

    public static Task ForbiddenAsync(IProblemDetailsService problems, HttpContext http) =>
        WriteAsync(problems, http, StatusCodes.Status403Forbidden, "Forbidden", "Only an admin key may do this.");
}
