using Microsoft.AspNetCore.Authorization;

namespace Shortener.Api.Auth;

public static class AuthExtensions
{
    public const string AdminPolicy = "admin";

    public static void AddApiKeyAuthentication(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ApiKeyStore>();
        // No default scheme: the key is read only for endpoints whose authorization policy names the scheme, so an
        // anonymous redirect (most of the traffic) never builds an authentication handler. Authenticating every request
        // cost the redirect about a twentieth of its CPU, and a redirect carrying a stray Authorization header a key lookup.
        // Rate limiting still runs first: guessing keys costs tokens. Since .NET 7 the only scheme registered becomes the
        // default unless this switch says otherwise.
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);
        services.AddAuthentication()
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build())
            .AddPolicy(AdminPolicy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireRole(ApiKeyAuthenticationHandler.AdminRole));
    }
}
