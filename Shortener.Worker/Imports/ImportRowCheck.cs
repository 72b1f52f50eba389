using System.Globalization;
using Shortener.Core.Links;

namespace Shortener.Worker.Imports;

/// <summary>
/// Holds an imported row to what a link created through the API must be: a valid target, slug, title and tags, and a
/// creation time that is a date. A formula (=, +, -, @ first) is no URL, slug or tag, so it fails there; a title keeps it
/// as text (it is never evaluated here, and the CSV export escapes what it writes).
/// </summary>
public static class ImportRowCheck
{
    private static readonly DateTimeOffset s_earliest = new(1990, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string? Check(ImportRecord row, DateTimeOffset now, out NewLinkFields fields)
    {
        fields = default;
        if (row.Problem is { } problem) return problem;
        if (TargetUrl.Validate(row.Url) is { } url) return $"url: {url}";
        if (row.Slug is { } slug && LinkFields.ValidateImportedSlug(slug) is { } badSlug) return $"slug: {badSlug}";
        if (row.Title is { } title && LinkFields.ValidateTitle(title) is { } badTitle) return $"title: {badTitle}";
        var tags = SplitTags(row.Tags);
        if (LinkFields.ValidateTags(tags, out var normalised) is { } badTags) return $"tags: {badTags}";
        var created = now;
        if (row.CreatedAt is { } text)
        {
            if (ParseTime(text) is not { } at) return $"created_at: '{Short(text)}' is not a date and time.";
            created = at;
        }
        if (created < s_earliest || created > now.AddDays(1)) return "created_at: the date is before 1990 or in the future.";
        fields = new NewLinkFields(TargetUrl.ToAscii(row.Url)!, row.Slug, row.Title, normalised, created);
        return null;
    }

    /// <summary>Tags as other tools write them: separated by commas, semicolons or bars; spaces inside a tag become '-'.</summary>
    private static List<string> SplitTags(string? tags) => tags is null ? [] :
        [.. tags.Split([',', ';', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => string.Join('-', t.Split(' ', StringSplitOptions.RemoveEmptyEntries)))];

    /// <summary>ISO 8601 (no offset: UTC), YOURLS's "yyyy-MM-dd HH:mm:ss" (UTC), or Unix seconds.</summary>
    private static DateTimeOffset? ParseTime(string text)
    {
        if (text.Length is > 0 and <= 12 && text.All(char.IsAsciiDigit) && long.TryParse(text, CultureInfo.InvariantCulture, out var seconds)
            && seconds <= 253402300799)
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.ToUniversalTime() : null;
    }

    private static string Short(string value) => value.Length > 40 ? value[..40] + "…" : value;
}

public readonly record struct NewLinkFields(string Url, string? Slug, string? Title, string[] Tags, DateTimeOffset CreatedAt);
