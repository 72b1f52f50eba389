using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Shortener.Api.Auth;

/// <summary>
/// Authenticates "Authorization: Bearer KEY" or "X-Api-Key: KEY": the configured admin key, or a user's key from
/// api_keys (by hash). Failures answer 401 problem+json.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, IProblemDetailsService problems, ApiKeyVerifier verifier)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>
    /// What policies name: a selector that sends requests carrying a key header to this handler (<see cref="HeaderSchemeName"/>)
    /// and those carrying the dashboard's session cookie to <see cref="SessionAuthenticationHandler"/>.
    /// </summary>
    public const string SchemeName = "ApiKey";
    public const string HeaderSchemeName = "ApiKeyHeader";
    public const string AdminRole = "admin";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = ReadKey(Request);
        if (key is null) return AuthenticateResult.NoResult();
        var holder = await verifier.VerifyAsync(key, Context.RequestAborted);
        return holder is null
            ? AuthenticateResult.Fail("The API key is not valid.")
            : AuthenticateResult.Success(new AuthenticationTicket(holder.ToPrincipal(Scheme.Name), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return AuthProblems.WriteAsync(problems, Context, StatusCodes.Status401Unauthorized, "An API key is required",
            ReadKey(Request) is null ? "Send your key as 'Authorization: Bearer KEY' or 'X-Api-Key: KEY'." : "The API key is not valid.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => AuthProblems.ForbiddenAsync(problems, Context);

    public static bool HasKey(HttpRequest request) => ReadKey(request) is not null;

    private static string? ReadKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue("X-Api-Key", out var header) && !string.IsNullOrWhiteSpace(header)) return header.ToString().Trim();
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > 7
            ? authorization[7..].Trim()
            : null;
    }
}
