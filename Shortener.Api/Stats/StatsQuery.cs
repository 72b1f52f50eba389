using System.Globalization;

namespace Shortener.Api.Stats;

/// <summary>The validated query of GET /links/{slug}/stats: inclusive UTC days, bots or not, how many top values.</summary>
public sealed record StatsQuery(DateOnly Start, DateOnly End, bool IncludeBots, int Top)
{
    /// <summary>Three years, one of them leap.</summary>
    public const int MaxDays = 3 * 365 + 1;
    public const int DefaultDays = 30;
    public const int DefaultTop = 10;
    public const int MaxTop = 100;

    /// <summary>Days outside these cannot hold clicks, and keep the date arithmetic (a default start, the day after end) in range.</summary>
    public static readonly DateOnly FirstDay = new(1970, 1, 1), LastDay = new(9999, 12, 30);

    /// <summary>Parses every parameter and reports every one that is wrong, so a client fixes them in one go.</summary>
    public static StatsQuery? Parse(string? start, string? end, string? includeBots, string? top, DateOnly today,
        out Dictionary<string, string[]> errors)
    {
        errors = [];
        var endDay = ParseDay("end", end, today, errors);
        var startDay = ParseDay("start", start, endDay.AddDays(-(DefaultDays - 1)), errors);
        var bots = false;
        if (includeBots is not null && !bool.TryParse(includeBots, out bots))
            errors["include_bots"] = ["include_bots must be true or false."];
        var topN = DefaultTop;
        if (top is not null && (!int.TryParse(top, NumberStyles.None, CultureInfo.InvariantCulture, out topN) || topN is < 1 or > MaxTop))
            errors["top"] = [$"top must be a whole number from 1 to {MaxTop}."];
        if (errors.Count == 0 && startDay > endDay)
            errors["start"] = ["start must not be after end."];
        else if (errors.Count == 0 && endDay.DayNumber - startDay.DayNumber + 1 > MaxDays)
            errors["end"] = [$"The range may cover at most {MaxDays} days (3 years)."];
        return errors.Count == 0 ? new StatsQuery(startDay, endDay, bots, topN) : null;
    }

    private static DateOnly ParseDay(string name, string? value, DateOnly fallback, Dictionary<string, string[]> errors)
    {
        if (value is null) return fallback;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            if (day >= FirstDay && day <= LastDay) return day;
            errors[name] = [$"{name} must be a day from {FirstDay:yyyy-MM-dd} to {LastDay:yyyy-MM-dd}."];
            return fallback;
        }
        errors[name] = [$"{name} must be a UTC date such as 2025-01-31."];
        return fallback;
    }
}
