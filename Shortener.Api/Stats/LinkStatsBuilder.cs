using System.Text.Json;

namespace Shortener.Api.Stats;

/// <summary>Folds daily rows (rolled up or raw, human or bot) into the answer: a point per day and top-N breakdowns.</summary>
internal static class LinkStatsBuilder
{
    /// <param name="hasRules">The link has rules now: the clicks no rule matched are shown as "(default)" in the rules breakdown.</param>
    public static LinkStats Build(string slug, StatsQuery query, IReadOnlyList<DailyRow> rows, StatsSource source, bool hasRules = false)
    {
        var byDay = rows.GroupBy(r => DateOnly.FromDateTime(r.Date)).ToDictionary(g => g.Key,
            // Human and bot rows of a day never share a visitor (the hash covers the user agent), so their uniques add up.
            g => new DailyPoint(g.Key, g.Sum(r => r.Clicks), g.Sum(r => r.UniqueVisitors)));
        var daily = new List<DailyPoint>(query.End.DayNumber - query.Start.DayNumber + 1);
        for (var day = query.Start; day <= query.End; day = day.AddDays(1))
            daily.Add(byDay.GetValueOrDefault(day) ?? new DailyPoint(day, 0, 0));

        var total = daily.Sum(d => d.Clicks);
        var rules = Top(rows, r => r.Rules, query.Top);
        var unmatched = total - rules.Sum(r => r.Clicks);
        if (hasRules && unmatched > 0) rules.Add(new BreakdownItem(BreakdownItem.Default, unmatched));
        return new LinkStats(slug, query.Start, query.End, query.IncludeBots,
            TotalClicks: total,
            // A visitor seen on two days counts twice: daily hashes rotate their key, so days cannot be joined.
            UniqueVisitors: daily.Sum(d => d.UniqueVisitors),
            daily,
            Top(rows, r => r.Countries, query.Top), Top(rows, r => r.Referers, query.Top), Top(rows, r => r.Devices, query.Top),
            Top(rows, r => r.Browsers, query.Top), Top(rows, r => r.Os, query.Top),
            rules, Top(rows, r => r.Variants, query.Top), Top(rows, r => r.UtmSources, query.Top), Top(rows, r => r.UtmMediums, query.Top),
            Top(rows, r => r.UtmCampaigns, query.Top), source);
    }

    /// <summary>A breakdown summed over rows (days or hours): the top N values, most first, then one (other) with the rest.</summary>
    public static List<BreakdownItem> Top(IReadOnlyList<DailyRow> rows, Func<DailyRow, string> column, int top)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in rows)
            foreach (var (value, clicks) in JsonSerializer.Deserialize<Dictionary<string, long>>(column(row)) ?? [])
                counts[value] = counts.GetValueOrDefault(value) + clicks;
        var ordered = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
        var items = ordered.Take(top).Select(c => new BreakdownItem(c.Key, c.Value)).ToList();
        var rest = ordered.Skip(top).Sum(c => c.Value);
        if (rest > 0) items.Add(new BreakdownItem(BreakdownItem.Other, rest));
        return items;
    }
}
