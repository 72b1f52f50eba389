using Shortener.Core.Links;

namespace Shortener.Api.Links;

/// <summary>DESIGN §4's rules for what a link may hold; each returns every failed field, as a validation problem lists them.</summary>
public static class LinkRules
{
    public const int MaxPasswordLength = 128;

    /// <summary>First path segments the service uses or may use (see <see cref="LinkFields.ReservedSlugs"/>).</summary>
    public static IReadOnlySet<string> ReservedSlugs => LinkFields.ReservedSlugs;

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
        if (request.Title is not null) Check(errors, "title", LinkFields.ValidateTitle(request.Title));
        if (request.Tags is not null) Check(errors, "tags", LinkFields.ValidateTags(request.Tags, out _));
        RoutingRules.Validate(errors, request.Rules, request.Variants, request.Utm);
        return errors;
    }

    public static Dictionary<string, string[]> ValidateUpdate(UpdateLinkRequest? request, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null || request.IsEmpty)
        {
            errors["body"] = ["Name at least one of url, expires_at, max_clicks, password, title, tags, rules, variants, utm."];
            return errors;
        }
        if (request.HasUrl) Check(errors, "url", TargetUrl.Validate(request.Url));
        if (request.HasExpiresAt) Check(errors, "expires_at", ValidateExpiry(request.ExpiresAt, now));
        if (request.HasMaxClicks) Check(errors, "max_clicks", ValidateMaxClicks(request.MaxClicks));
        if (request.HasPassword && request.Password is not null) Check(errors, "password", ValidatePassword(request.Password));
        if (request.HasTitle && request.Title is not null) Check(errors, "title", LinkFields.ValidateTitle(request.Title));
        if (request.HasTags && request.Tags is not null) Check(errors, "tags", LinkFields.ValidateTags(request.Tags, out _));
        RoutingRules.Validate(errors, request.HasRules ? request.Rules : null, request.HasVariants ? request.Variants : null,
            request.HasUtm ? request.Utm : null);
        return errors;
    }

    public static string? ValidateSlug(string slug) => LinkFields.ValidateSlug(slug);

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
