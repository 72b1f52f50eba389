using System.Globalization;

namespace Shortener.Api.Stats;

/// <summary>
/// The validated query of GET /links/{slug}/stats/hourly: the last <see cref="Hours"/> whole UTC hours ending with the one
/// that holds <see cref="Before"/> (now by default), bots or not, how many top values.
/// </summary>
public sealed record HourlyStatsQuery(DateTimeOffset From, DateTimeOffset To, int Hours, bool IncludeBots, int Top)
{
    public const int MaxHours = 7 * 24;
    public const int DefaultHours = 24;

    public static HourlyStatsQuery? Parse(string? hours, string? before, string? includeBots, string? top, DateTimeOffset now,
        out Dictionary<string, string[]> errors)
    {
        // The same include_bots and top as the daily answer, worded alike.
        StatsQuery.Parse(null, null, includeBots, top, DateOnly.FromDateTime(now.UtcDateTime), out errors);
        var count = DefaultHours;
        if (hours is not null && (!int.TryParse(hours, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxHours))
            errors["hours"] = [$"hours must be a whole number from 1 to {MaxHours}."];
        var end = now;
        if (before is not null && !DateTimeOffset.TryParse(before, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out end))
            errors["before"] = ["before must be an ISO 8601 time such as 2026-11-22T10:00:00Z."];
        if (errors.Count > 0) return null;
        // Whole hours: the window ends with the hour that holds 'before' and starts count hours earlier.
        var to = new DateTimeOffset(end.UtcTicks - end.UtcTicks % TimeSpan.TicksPerHour, TimeSpan.Zero).AddHours(1);
        return new HourlyStatsQuery(to.AddHours(-count), to, count, includeBots is not null && bool.Parse(includeBots),
            top is null ? StatsQuery.DefaultTop : int.Parse(top, CultureInfo.InvariantCulture));
    }
}
