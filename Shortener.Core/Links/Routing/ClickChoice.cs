namespace Shortener.Core.Links.Routing;

/// <summary>
/// What the redirect chose for one click, stored with it: the rule that matched (its index), the variant, and the UTM
/// source, medium and campaign sent on. Absent (null) for a click of a link without routing and without utm_* in its query.
/// </summary>
public sealed record ClickChoice(int? Rule, int? Variant, string? UtmSource, string? UtmMedium, string? UtmCampaign)
{
    /// <summary>Rule and variant indexes are stored as smallint; a link has at most 20 of either.</summary>
    public const int MaxIndex = short.MaxValue;
}
