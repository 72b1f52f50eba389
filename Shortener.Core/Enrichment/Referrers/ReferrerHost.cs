namespace Shortener.Core.Enrichment.Referrers;

/// <summary>The site a click came from, normalised so one site is one row in the breakdown.</summary>
public static class ReferrerHost
{
    public const string Direct = "direct";

    /// <summary>
    /// Lower-case host without "www." for http(s) referrers, "direct" when there is none, and for app referrers
    /// (android-app://com.example) the app id; anything unreadable counts as "direct", as browsers send nothing then.
    /// </summary>
    public static string Normalise(string? referrer)
    {
        if (string.IsNullOrWhiteSpace(referrer)) return Direct;
        if (!Uri.TryCreate(referrer.Trim(), UriKind.Absolute, out var uri) || uri.Host.Length == 0) return Direct;
        var host = uri.IdnHost.ToLowerInvariant().TrimEnd('.');
        if (uri.Scheme is "http" or "https" && host.StartsWith("www.", StringComparison.Ordinal) && host.Length > 4) host = host[4..];
        return host.Length == 0 ? Direct : host;
    }
}
