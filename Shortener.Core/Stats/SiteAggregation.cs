namespace Shortener.Core.Stats;

/// <summary>
/// The one definition of a site's daily figures, shared by the site rollup (which stores them) and GET /api/stats
/// (which computes them from raw events for the days with events since the last run), so both halves count alike.
/// Each follows a CTE <c>picked(site_id, date, event_type, path, user_key)</c>.
/// </summary>
public static class SiteAggregation
{
    public const string DayOf = "(occurred_at AT TIME ZONE 'UTC')::date";

    /// <summary>Views and unique users (distinct user keys) per site and day.</summary>
    public const string Days = "SELECT site_id, date, count(*) AS views, count(DISTINCT user_key) AS unique_users FROM picked GROUP BY site_id, date";

    /// <summary>The same per event type.</summary>
    public const string Types = """
        SELECT site_id, date, event_type, count(*) AS views, count(DISTINCT user_key) AS unique_users
        FROM picked GROUP BY site_id, date, event_type
        """;

    /// <summary>Views per path and event type; an event without a path counts in the views, not under a path.</summary>
    public const string Paths = """
        SELECT site_id, date, event_type, path, count(*) AS views FROM picked WHERE path IS NOT NULL GROUP BY site_id, date, event_type, path
        """;
}
