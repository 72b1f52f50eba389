using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Shortener.Api.Auth;

/// <summary>
/// Authenticates "Authorization: Bearer KEY" or "X-Api-Key: KEY": the configured admin key, or a user's key from
/// api_keys (by hash). Failures answer 401 problem+json.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, IOptions<AuthOptions> auth, IProblemDetailsService problems, ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string AdminRole = "admin";

    private readonly byte[] _adminKeyHash = ApiKeyStore.Hash(auth.Value.AdminApiKey);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = ReadKey(Request);
        if (key is null) return AuthenticateResult.NoResult();
        // Compare hashes in constant time: neither the key's length nor its prefix leaks through timing.
        if (CryptographicOperations.FixedTimeEquals(ApiKeyStore.Hash(key), _adminKeyHash))
            return Success(new Claim(ClaimTypes.NameIdentifier, "admin"), new Claim(ClaimTypes.Role, AdminRole));
        // Keys are ASCII of bounded length; anything else cannot be one, so don't spend a query on it.
        if (key.Length > 128) return AuthenticateResult.Fail("The API key is not valid.");
        var owner = await keys.FindOwnerAsync(key, Context.RequestAborted);
        if (owner is null) return AuthenticateResult.Fail("The API key is not valid.");
        Claim[] claims = owner.IsAdmin
            ? [new(ClaimTypes.NameIdentifier, owner.UserId.ToString(CultureInfo.InvariantCulture)), new(ClaimTypes.Role, AdminRole)]
            : [new(ClaimTypes.NameIdentifier, owner.UserId.ToString(CultureInfo.InvariantCulture))];
        return Success(claims);
    }

    private static AuthenticateResult Success(params Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "An API key is required",
                Detail = ReadKey(Request) is null
                    ? "Send your key as 'Authorization: Bearer KEY' or 'X-Api-Key: KEY'."
                    : "The API key is not valid.",
            },
        });
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = StatusCodes.Status403Forbidden, Title = "Forbidden", Detail = "Only an admin key may do this." },
        }).AsTask();
    }

    private static string? ReadKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue("X-Api-Key", out var header) && !string.IsNullOrWhiteSpace(header)) return header.ToString().Trim();
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > 7
            ? authorization[7..].Trim()
            : null;
    }
}
