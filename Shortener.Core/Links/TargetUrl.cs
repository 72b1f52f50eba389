namespace Shortener.Core.Links;

/// <summary>DESIGN §4: absolute http(s) only, at most 2,048 characters, no credentials.</summary>
public static class TargetUrl
{
    public const int MaxLength = 2048;

    /// <summary>Null when <paramref name="url"/> may be a link's target; otherwise why not, in words a person can act on.</summary>
    public static string? Validate(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return "A URL is required.";
        if (url.Length > MaxLength) return $"The URL is longer than {MaxLength} characters.";
        if (url.Any(char.IsControl) || url.Any(char.IsWhiteSpace)) return "The URL contains spaces or control characters.";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return "The URL must be absolute, for example https://example.com/page.";
        if (uri.Scheme is not ("http" or "https")) return "Only http and https URLs can be shortened.";
        if (!url.StartsWith(uri.Scheme + "://", StringComparison.OrdinalIgnoreCase)) return "The URL must be absolute, for example https://example.com/page.";
        if (uri.UserInfo.Length > 0) return "The URL must not contain a user name or password.";
        if (uri.Host.Length == 0) return "The URL has no host.";
        return null;
    }
}
