using System.Text.RegularExpressions;
using Shortener.Core.Links;

namespace Shortener.Api.Links;

/// <summary>DESIGN §4's rules for what a link may hold; each returns every failed field, as a validation problem lists them.</summary>
public static partial class LinkRules
{
    public const int MaxPasswordLength = 128;

    /// <summary>First path segments the service uses or may use; a custom slug must never shadow one (compared ignoring case).</summary>
    public static readonly IReadOnlySet<string> ReservedSlugs = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "links", "stats", "health", "alive", "worker", "api", "api-keys", "apikeys", "dashboard", "exports", "analytics",
        "admin", "auth", "login", "logout", "metrics", "docs", "swagger", "openapi", "static", "assets", "public", "favicon",
        "robots", "sitemap", "well-known", "status", "ping", "users", "keys", "settings", "account", "webhooks", "alerts",
    };

    // \A…\z, not ^…$: "$" also matches before a final "\n", which let "links\n" past this and the reserved words.
    [GeneratedRegex(@"\A[A-Za-z0-9_-]{3,64}\z")]
    private static partial Regex SlugPattern();

    public static Dictionary<string, string[]> ValidateCreate(CreateLinkRequest? request, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            errors["body"] = ["A JSON body is required, for example {\"url\": \"https://example.com\"}."];
            return errors;
        }
        Check(errors, "url", TargetUrl.Validate(request.Url));
        if (request.Slug is not null) Check(errors, "slug", ValidateSlug(request.Slug));
        Check(errors, "expires_at", ValidateExpiry(request.ExpiresAt, now));
        Check(errors, "max_clicks", ValidateMaxClicks(request.MaxClicks));
        if (request.Password is not null) Check(errors, "password", ValidatePassword(request.Password));
        return errors;
    }

    public static Dictionary<string, string[]> ValidateUpdate(UpdateLinkRequest? request, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null || !(request.HasUrl || request.HasExpiresAt || request.HasMaxClicks || request.HasPassword))
        {
            errors["body"] = ["Name at least one of url, expires_at, max_clicks, password."];
            return errors;
        }
        if (request.HasUrl) Check(errors, "url", TargetUrl.Validate(request.Url));
        if (request.HasExpiresAt) Check(errors, "expires_at", ValidateExpiry(request.ExpiresAt, now));
        if (request.HasMaxClicks) Check(errors, "max_clicks", ValidateMaxClicks(request.MaxClicks));
        if (request.HasPassword && request.Password is not null) Check(errors, "password", ValidatePassword(request.Password));
        return errors;
    }

    public static string? ValidateSlug(string slug)
    {
        if (!SlugPattern().IsMatch(slug)) return "A custom slug is 3 to 64 characters of A-Z, a-z, 0-9, '_' and '-'.";
        if (ReservedSlugs.Contains(slug)) return $"'{slug}' is reserved for the service's own paths.";
        return null;
    }

    private static string? ValidateExpiry(DateTimeOffset? expiresAt, DateTimeOffset now) =>
        expiresAt is { } at && at <= now ? "expires_at must be in the future." : null;

    private static string? ValidateMaxClicks(long? maxClicks) =>
        maxClicks is < 1 ? "max_clicks must be at least 1." : null;

    private static string? ValidatePassword(string password) =>
        password.Length is 0 or > MaxPasswordLength ? $"A password is 1 to {MaxPasswordLength} characters." : null;

    internal static void Check(Dictionary<string, string[]> errors, string field, string? error)
    {
        if (error is not null) errors[field] = [error];
    }
}
