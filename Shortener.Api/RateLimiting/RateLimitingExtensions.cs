using Microsoft.AspNetCore.HttpOverrides;

namespace Shortener.Api.RateLimiting;

public static class RateLimitingExtensions
{
    public static void AddClientRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.SectionName)
            .Validate(o => o.IsValid, "RateLimiting: every PermitsPerSecond must be above 0 and every Burst at least 1.")
            .ValidateOnStart();
        services.AddSingleton<ClientRateLimiter>();
    }

    /// <summary>Honours X-Forwarded-For only when configured to: the client's address is then the one the proxy saw.</summary>
    public static IApplicationBuilder UseForwardedClientAddress(this WebApplication app)
    {
        if (!app.Configuration.GetValue<bool>($"{RateLimitingOptions.SectionName}:{nameof(RateLimitingOptions.TrustForwardedFor)}")) return app;
        var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor, ForwardLimit = 1 };
        // Whoever reaches us is taken to be the proxy the operator put in front; that is what turning this on means.
        forwarded.KnownIPNetworks.Clear();
        forwarded.KnownProxies.Clear();
        return app.UseForwardedHeaders(forwarded);
    }

    /// <summary>Limits each client per endpoint policy.</summary>
    public static IApplicationBuilder UseClientRateLimiting(this WebApplication app) => app.UseMiddleware<RateLimitingMiddleware>();

    public static TBuilder RateLimited<TBuilder>(this TBuilder builder, RateLimitPolicy policy) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RateLimitedAttribute(policy));
}
