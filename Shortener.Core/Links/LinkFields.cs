using System.Text.RegularExpressions;

namespace Shortener.Core.Links;

/// <summary>
/// The rules for a link's slug, title and tags, shared by the api (create, update, bulk) and the worker (imports), so a
/// link imported from a file obeys what one created through the API does. Each returns null when the value is fine,
/// otherwise why not, in words a person can act on.
/// </summary>
public static partial class LinkFields
{
    public const int MaxTitleLength = 300;
    public const int MaxTags = 10;

    /// <summary>First path segments the service uses or may use; a custom slug must never shadow one (compared ignoring case).</summary>
    public static readonly IReadOnlySet<string> ReservedSlugs = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "links", "stats", "health", "alive", "worker", "api", "api-keys", "apikeys", "dashboard", "exports", "analytics",
        "admin", "auth", "login", "logout", "metrics", "docs", "swagger", "openapi", "static", "assets", "public", "favicon",
        "robots", "sitemap", "well-known", "status", "ping", "users", "keys", "settings", "account", "webhooks", "alerts",
        "tags", "imports", "sites",
    };

    // \A…\z, not ^…$: "$" also matches before a final "\n", which let "links\n" past this and the reserved words.
    [GeneratedRegex(@"\A[A-Za-z0-9_-]{3,64}\z")]
    private static partial Regex SlugPattern();

    // Other shorteners allow shorter slugs (YOURLS: one character); an imported one keeps its value so old links work.
    [GeneratedRegex(@"\A[A-Za-z0-9_-]{1,64}\z")]
    private static partial Regex ImportedSlugPattern();

    [GeneratedRegex(@"\A[a-z0-9_-]{1,32}\z")]
    private static partial Regex TagPattern();

    public static string? ValidateSlug(string slug)
    {
        if (!SlugPattern().IsMatch(slug)) return "A custom slug is 3 to 64 characters of A-Z, a-z, 0-9, '_' and '-'.";
        if (ReservedSlugs.Contains(slug)) return $"'{slug}' is reserved for the service's own paths.";
        return null;
    }

    /// <summary>A slug from an import: 1 to 64 characters (not 3), otherwise as <see cref="ValidateSlug"/>.</summary>
    public static string? ValidateImportedSlug(string slug)
    {
        if (!ImportedSlugPattern().IsMatch(slug)) return "A slug is 1 to 64 characters of A-Z, a-z, 0-9, '_' and '-'.";
        if (ReservedSlugs.Contains(slug)) return $"'{slug}' is reserved for the service's own paths.";
        return null;
    }

    public static string? ValidateTitle(string title)
    {
        if (title.Length > MaxTitleLength) return $"A title is at most {MaxTitleLength} characters.";
        for (var i = 0; i < title.Length; i++)
        {
            var c = title[i];
            if (char.IsControl(c)) return "A title must not contain control characters.";
            if (char.IsHighSurrogate(c) && i + 1 < title.Length && char.IsLowSurrogate(title[i + 1])) i++;
            else if (char.IsSurrogate(c)) return "A title must be valid Unicode text.";
        }
        return null;
    }

    /// <summary>Lower-cases and de-duplicates <paramref name="tags"/> (in order) into <paramref name="normalised"/>; null when they are fine.</summary>
    public static string? ValidateTags(IReadOnlyList<string?> tags, out string[] normalised)
    {
        normalised = [];
        var seen = new List<string>(tags.Count);
        foreach (var raw in tags)
        {
            var tag = raw?.ToLowerInvariant();
            if (tag is null || !TagPattern().IsMatch(tag)) return $"A tag is 1 to 32 characters of a-z, 0-9, '_' and '-' ('{Shorten(raw)}' is not).";
            if (!seen.Contains(tag)) seen.Add(tag);
        }
        if (seen.Count > MaxTags) return $"A link has at most {MaxTags} tags.";
        normalised = [.. seen];
        return null;
    }

    public static bool IsTag(string? tag) => tag is not null && TagPattern().IsMatch(tag);

    private static string Shorten(string? value) => value is null ? "null" : value.Length > 40 ? value[..40] + "…" : value;
}
