using System.Globalization;
using Shortener.Api.Events;

namespace Shortener.Api.Stats;

/// <summary>The validated query of GET /api/stats: inclusive UTC days (none: all days), an event type or all, how many top paths.</summary>
public sealed record SiteStatsQuery(string SiteId, DateOnly? Date, DateOnly Start, DateOnly End, bool AllDays, string? EventType, int Top)
{
    /// <summary>Parses every parameter and reports every one that is wrong.</summary>
    public static SiteStatsQuery? Parse(string? siteId, string? date, string? start, string? end, string? eventType, string? top,
        out Dictionary<string, string[]> errors)
    {
        errors = [];
        if (string.IsNullOrEmpty(siteId)) errors["site_id"] = ["site_id is required."];
        else if (!EventRules.SiteIdPattern().IsMatch(siteId)) errors["site_id"] = ["site_id must be 1 to 255 of A-Z, a-z, 0-9, '.', '_', ':' and '-'."];
        var day = Day("date", date, errors);
        var startDay = Day("start", start, errors);
        var endDay = Day("end", end, errors);
        if (day is not null && (start is not null || end is not null)) errors["date"] = ["Give either date or start/end, not both."];
        if (eventType is not null && (eventType.Length == 0 || eventType.Length > EventRules.MaxEventTypeLength))
            errors["event_type"] = [$"event_type must be 1 to {EventRules.MaxEventTypeLength} characters."];
        var topN = StatsQuery.DefaultTop;
        if (top is not null && (!int.TryParse(top, NumberStyles.None, CultureInfo.InvariantCulture, out topN) || topN is < 1 or > StatsQuery.MaxTop))
            errors["top"] = [$"top must be a whole number from 1 to {StatsQuery.MaxTop}."];
        var all = day is null && startDay is null && endDay is null;
        var from = day ?? startDay ?? StatsQuery.FirstDay;
        var to = day ?? endDay ?? StatsQuery.LastDay;
        if (errors.Count == 0 && from > to) errors["start"] = ["start must not be after end."];
        return errors.Count == 0 ? new SiteStatsQuery(siteId!, day, from, to, all, eventType, topN) : null;
    }

    private static DateOnly? Day(string name, string? value, Dictionary<string, string[]> errors)
    {
        if (value is null) return null;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            && day >= StatsQuery.FirstDay && day <= StatsQuery.LastDay) return day;
        errors[name] = [$"{name} must be a UTC date such as 2025-01-31, from {StatsQuery.FirstDay:yyyy-MM-dd} to {StatsQuery.LastDay:yyyy-MM-dd}."];
        return null;
    }
}
