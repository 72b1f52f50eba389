using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace Shortener.Api.Auth;

public static class AuthExtensions
{
    public const string AdminPolicy = "admin";
    public const string SessionPolicy = "session";

    public static void AddApiKeyAuthentication(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<ApiKeyVerifier>();
        services.AddSingleton<SessionStore>();
        // No default scheme: the key is read only for endpoints whose authorization policy names the scheme, so an
        // anonymous redirect (most of the traffic) never builds an authentication handler. Authenticating every request
        // cost the redirect about a twentieth of its CPU, and a redirect carrying a stray Authorization header a key lookup.
        // Rate limiting still runs first: guessing keys costs tokens. Since .NET 7 the only scheme registered becomes the
        // default unless this switch says otherwise.
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);
        // Policies name one scheme, "ApiKey", which picks the key headers when a request has one and else the dashboard's
        // session cookie: every key-protected endpoint takes either, and a request never mixes two callers.
        services.AddAuthentication()
            .AddPolicyScheme(ApiKeyAuthenticationHandler.SchemeName, "API key or dashboard session", o => o.ForwardDefaultSelector = http =>
                !ApiKeyAuthenticationHandler.HasKey(http.Request) && SessionAuthenticationHandler.ReadToken(http.Request) is not null
                    ? SessionAuthenticationHandler.SchemeName
                    : ApiKeyAuthenticationHandler.HeaderSchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.HeaderSchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, SessionAuthenticationHandler>(SessionAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build())
            .AddPolicy(AdminPolicy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireRole(ApiKeyAuthenticationHandler.AdminRole))
            .AddPolicy(SessionPolicy, p => p.AddAuthenticationSchemes(SessionAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
    }
}
