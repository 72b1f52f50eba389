using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Shortener.Core.Clicks;
using Shortener.Core.Events;

namespace Shortener.Api.Events;

/// <summary>
/// Reads one event from JSON and checks every rule of issue 12, naming each failing field (so a client fixes them in
/// one go). The body is read by hand rather than bound, so a wrong type is a message about its field, not a bare 400.
/// </summary>
public static partial class EventRules
{
    public const int MaxEventTypeLength = 100, MaxPathLength = 1000, MaxUserIdLength = 255, MaxSiteIdLength = 255;

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,255}$")]
    public static partial Regex SiteIdPattern();

    // ISO 8601 with an offset (Z or ±hh:mm), ASCII digits only; seconds and fractions optional.
    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,7})?)?(Z|[+-][0-9]{2}:[0-9]{2})$")]
    private static partial Regex TimestampPattern();

    /// <summary>The event, or null with the problems added to <paramref name="errors"/> under <paramref name="prefix"/>.</summary>
    public static SiteEvent? Read(JsonElement body, string prefix, DateTimeOffset now, EventOptions options, string? ip, string? userAgent,
        Dictionary<string, string[]> errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            Add(errors, prefix, "", "An event must be a JSON object.");
            return null;
        }
        var before = errors.Count;
        var siteId = Text(body, "site_id", prefix, errors, required: true);
        if (siteId is not null && !SiteIdPattern().IsMatch(siteId))
            Add(errors, prefix, "site_id", "site_id must be 1 to 255 of A-Z, a-z, 0-9, '.', '_', ':' and '-'.");
        var type = Text(body, "event_type", prefix, errors, required: true);
        if (type is not null && (type.Length == 0 || type.Length > MaxEventTypeLength))
            Add(errors, prefix, "event_type", $"event_type must be 1 to {MaxEventTypeLength} characters.");
        var path = Text(body, "path", prefix, errors, required: false);
        if (path?.Length > MaxPathLength) Add(errors, prefix, "path", $"path must be at most {MaxPathLength} characters.");
        var user = Text(body, "user_id", prefix, errors, required: false);
        if (user?.Length > MaxUserIdLength) Add(errors, prefix, "user_id", $"user_id must be at most {MaxUserIdLength} characters.");
        var at = Timestamp(Text(body, "timestamp", prefix, errors, required: true), prefix, now, options, errors);
        var idText = Text(body, "event_id", prefix, errors, required: false);
        Guid id = default;
        if (idText is not null && !Guid.TryParseExact(idText, "D", out id))
            Add(errors, prefix, "event_id", "event_id must be a UUID such as 0196b5b8-4f3a-7c1e-9b2d-3f4e5a6b7c8d.");
        if (errors.Count > before) return null;
        return new SiteEvent(idText is null ? EventIds.NewVersion7(now) : id, siteId!, type!, path, user, at!.Value, ip, userAgent);
    }

    private static DateTimeOffset? Timestamp(string? text, string prefix, DateTimeOffset now, EventOptions options, Dictionary<string, string[]> errors)
    {
        if (text is null) return null;
        if (!TimestampPattern().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            Add(errors, prefix, "timestamp", "timestamp must be ISO 8601 with an offset, such as 2026-12-02T09:15:00Z or 2026-12-02T10:15:00+01:00.");
            return null;
        }
        if (at > now + options.MaxAhead)
            Add(errors, prefix, "timestamp", $"timestamp must not be more than {options.MaxAhead.TotalMinutes:0} minutes ahead of the server's clock ({now:O}).");
        else if (at < now - options.MaxAge)
            Add(errors, prefix, "timestamp", $"timestamp must not be older than {options.MaxAge.TotalDays:0.##} days (Events:MaxAge).");
        return at;
    }

    /// <summary>A string member; null when absent or null (an error then if required); an error for any other JSON type.</summary>
    private static string? Text(JsonElement body, string name, string prefix, Dictionary<string, string[]> errors, bool required)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) Add(errors, prefix, name, $"{name} is required.");
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            Add(errors, prefix, name, $"{name} must be a string.");
            return null;
        }
        // A lone surrogate cannot be stored as UTF-8 text: System.Text.Json refuses to decode an escaped one ("\ud83d")
        // and hands over one sent raw as U+FFFD or as is.
        var text = TryGetString(value);
        if (text is null || text.AsSpan().ContainsAny('\0', '\uFFFE') || !IsValidUtf16(text))
        {
            Add(errors, prefix, name, $"{name} must be valid text without NUL characters.");
            return null;
        }
        return text;
    }

    private static string? TryGetString(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static bool IsValidUtf16(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return false;
        }
        return true;
    }

    public static void Add(Dictionary<string, string[]> errors, string prefix, string field, string message)
    {
        var key = prefix + (prefix.Length > 0 && field.Length > 0 ? "." : "") + field;
        errors[key] = errors.TryGetValue(key, out var old) ? [.. old, message] : [message];
    }
}
