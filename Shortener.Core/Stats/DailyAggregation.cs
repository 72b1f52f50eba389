namespace Shortener.Core.Stats;

/// <summary>
/// The one definition of a daily row, shared by the rollup (which stores it in daily_stats) and the stats API (which
/// computes it from raw clicks for the still-open days), so both halves of an answer count alike.
/// </summary>
public static class DailyAggregation
{
    /// <summary>Written where no value was recorded (a click stored before enrichment, an unknown country).</summary>
    public const string Unknown = "(unknown)";

    /// <summary>
    /// What the redirect chose (issue 15), for the rules, variants and utm_* breakdowns; <c>picked</c> selects these too.
    /// Only clicks with a value count in those breakdowns, so a link without routing adds nothing to them.
    /// </summary>
    public const string ChoiceColumns = "rule, variant, utm_source, utm_medium, utm_campaign";

    /// <summary>The breakdown columns of daily_stats added with <see cref="ChoiceColumns"/>.</summary>
    public const string ChoiceBreakdowns = "rules, variants, utm_sources, utm_mediums, utm_campaigns";

    /// <summary>
    /// CTEs to append after a CTE named <c>picked(link_id, date, is_bot, country, referrer_host, device_type, browser,
    /// os, visitor_hash, rule, variant, utm_source, utm_medium, utm_campaign)</c>; they end in <c>daily</c> with daily_stats' columns. A click without a visitor hash counts
    /// as a visitor of its own: an upper bound, so a day with clicks never shows zero visitors.
    /// </summary>
    public const string Ctes = $"""
        totals AS (
            SELECT link_id, date, is_bot, count(*) AS clicks,
                   count(DISTINCT visitor_hash) + count(*) FILTER (WHERE visitor_hash IS NULL) AS unique_visitors
            FROM picked GROUP BY link_id, date, is_bot
        ),
        {BreakdownsAndDailyCtes}
        """;

    /// <summary>
    /// The part of <see cref="Ctes"/> after <c>totals(link_id, date, is_bot, clicks, unique_visitors)</c>, for a caller
    /// that counts visitors its own way.
    /// </summary>
    public const string BreakdownsAndDailyCtes = $"""
        parts AS (
            SELECT link_id, date, is_bot, d.dim, coalesce(d.value, '{Unknown}') AS value, count(*) AS n
            FROM picked
            CROSS JOIN LATERAL (VALUES ('countries', country), ('referers', referrer_host), ('devices', device_type),
                                       ('browsers', browser), ('os', os)) AS d(dim, value)
            GROUP BY 1, 2, 3, 4, 5
            UNION ALL
            SELECT link_id, date, is_bot, d.dim, d.value, count(*) AS n
            FROM picked
            CROSS JOIN LATERAL (VALUES ('rules', rule::text), ('variants', variant::text), ('utm_sources', utm_source),
                                       ('utm_mediums', utm_medium), ('utm_campaigns', utm_campaign)) AS d(dim, value)
            WHERE (rule IS NOT NULL OR variant IS NOT NULL OR utm_source IS NOT NULL OR utm_medium IS NOT NULL OR utm_campaign IS NOT NULL)
              AND d.value IS NOT NULL
            GROUP BY 1, 2, 3, 4, 5
        ),
        breakdowns AS (
            SELECT link_id, date, is_bot,
                   coalesce(jsonb_object_agg(value, n) FILTER (WHERE dim = 'countries'), jsonb_build_object()) AS countries,
                   coalesce(jsonb_object_agg(value, n) FILTER (WHERE dim = 'referers'), jsonb_build_object()) AS referers,
                   coalesce(jsonb_object_agg(value, n) FILTER (WHERE dim = 'devices'), jsonb_build_object()) AS devices,
                   coalesce(jsonb_object_agg(value, n) FILTER (WHERE dim = 'browsers'), jsonb_build_object()) AS browsers,
                   coalesce(jsonb_object_agg(value, n) FILTER (WHERE dim = 'os'), jsonb_build_object()) AS os,
                   coalesce(jsonb_object_agg(value, n) FILTER (WHERE dim = 'rules'), jsonb_build_object()) AS rules,
                   coalesce(jsonb_object_agg(value, n) FILTER (WHERE dim = 'variants'), jsonb_build_object()) AS variants,
                   coalesce(jsonb_object_agg(value, n) FILTER (WHERE dim = 'utm_sources'), jsonb_build_object()) AS utm_sources,
                   coalesce(jsonb_object_agg(value, n) FILTER (WHERE dim = 'utm_mediums'), jsonb_build_object()) AS utm_mediums,
                   coalesce(jsonb_object_agg(value, n) FILTER (WHERE dim = 'utm_campaigns'), jsonb_build_object()) AS utm_campaigns
            FROM parts GROUP BY link_id, date, is_bot
        ),
        daily AS (
            SELECT t.link_id, t.date, t.is_bot, t.clicks, t.unique_visitors,
                   b.countries, b.referers, b.devices, b.browsers, b.os,
                   b.rules, b.variants, b.utm_sources, b.utm_mediums, b.utm_campaigns
            FROM totals t JOIN breakdowns b USING (link_id, date, is_bot)
        )
        """;

    /// <summary>A click's UTC day, as the rollup and the API both bucket it.</summary>
    public const string DayOf = "(occurred_at AT TIME ZONE 'UTC')::date";
}
