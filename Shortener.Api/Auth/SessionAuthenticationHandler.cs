using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Shortener.Api.Auth;

/// <summary>
/// Authenticates the dashboard's session cookie as the key it was opened with. A request that changes something must
/// also carry the session's anti-forgery token in <see cref="CsrfHeader"/>: the cookie goes with every request the
/// browser makes, the header only with the dashboard's own.
/// </summary>
public sealed class SessionAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, IProblemDetailsService problems, SessionStore sessions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Session";
    public const string CookieName = "shortener_session";
    public const string CsrfHeader = "X-CSRF-Token";

    private const string CsrfFailed = "shortener.csrf-failed";

    public static string? ReadToken(HttpRequest request) =>
        request.Cookies.TryGetValue(CookieName, out var token) && !string.IsNullOrEmpty(token) ? token : null;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (ReadToken(Request) is not { } token) return AuthenticateResult.NoResult();
        var session = await sessions.FindAsync(token, Context.RequestAborted);
        if (session is null) return AuthenticateResult.Fail("The session has ended.");
        if (!IsSafe(Request.Method) && !CsrfMatches(Request.Headers[CsrfHeader].ToString(), session.CsrfToken))
        {
            Context.Items[CsrfFailed] = true;
            return AuthenticateResult.Fail("The anti-forgery header is missing or wrong.");
        }
        var principal = session.Holder.ToPrincipal(Scheme.Name);
        var properties = new AuthenticationProperties { ExpiresUtc = session.ExpiresAt };
        properties.Items[CsrfHeader] = session.CsrfToken;
        return AuthenticateResult.Success(new AuthenticationTicket(principal, properties, Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => Context.Items.ContainsKey(CsrfFailed)
        ? AuthProblems.WriteAsync(problems, Context, StatusCodes.Status403Forbidden, "Anti-forgery check failed",
            $"Send the session's token (csrf_token of GET /auth/session) in the {CsrfHeader} header.")
        : AuthProblems.WriteAsync(problems, Context, StatusCodes.Status401Unauthorized, "Signed out",
            "The session has ended or its key was revoked; sign in again.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => AuthProblems.ForbiddenAsync(problems, Context);

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    private static bool CsrfMatches(string sent, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(expected));
}
