using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Shortener.Api.Auth;
using Shortener.Api.Dashboard;
using Shortener.Api.RateLimiting;

namespace Shortener.Api.Apis;

public sealed record OpenSessionRequest(string? ApiKey);

public sealed record SessionInfo(bool SignedIn, long? UserId, bool Admin, string? CsrfToken, DateTimeOffset? ExpiresAt, DashboardFeatures Features);

/// <summary>
/// The dashboard's sign-in: a pasted API key becomes an HttpOnly, SameSite=Strict session cookie, so the key never sits
/// in browser storage or a URL. Every key-protected endpoint accepts the cookie (see <see cref="AuthExtensions"/>).
/// </summary>
public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/auth/session").RateLimited(RateLimitPolicy.Api).WithTags("Auth");
        api.MapPost("", OpenSession);
        api.MapGet("", GetSession);
        api.MapDelete("", CloseSession).RequireAuthorization(AuthExtensions.SessionPolicy);
        return api;
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> OpenSession(OpenSessionRequest? request, HttpContext http,
        ApiKeyVerifier verifier, SessionStore sessions, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request?.ApiKey))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["api_key"] = ["Paste an API key."] });
        var holder = await verifier.VerifyAsync(request.ApiKey.Trim(), ct);
        if (holder is null)
            return TypedResults.Problem("The API key is not valid.", statusCode: StatusCodes.Status401Unauthorized, title: "Wrong key");
        var session = await sessions.OpenAsync(holder, ct);
        http.Response.Cookies.Append(SessionAuthenticationHandler.CookieName, session.Token, CookieOptions(http, session.ExpiresAt));
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Whether this browser is signed in, as whom, and the anti-forgery token the dashboard sends with every change; 200
    /// either way, so a page that is not signed in yet asks without an error. Also which optional APIs this server has.
    /// </summary>
    public static async Task<Ok<SessionInfo>> GetSession(HttpContext http, DashboardFeatures features)
    {
        http.Response.Headers.CacheControl = "no-store";
        var result = await http.AuthenticateAsync(SessionAuthenticationHandler.SchemeName);
        if (!result.Succeeded) return TypedResults.Ok(new SessionInfo(false, null, false, null, null, features));
        var user = result.Principal;
        return TypedResults.Ok(new SessionInfo(true, user.UserId(), user.IsAdmin(), result.Properties.Items[SessionAuthenticationHandler.CsrfHeader],
            result.Properties.ExpiresUtc, features));
    }

    public static async Task<NoContent> CloseSession(HttpContext http, SessionStore sessions, CancellationToken ct)
    {
        if (SessionAuthenticationHandler.ReadToken(http.Request) is { } token) await sessions.CloseAsync(token, ct);
        http.Response.Cookies.Delete(SessionAuthenticationHandler.CookieName, CookieOptions(http, null));
        return TypedResults.NoContent();
    }

    private static CookieOptions CookieOptions(HttpContext http, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };
}
