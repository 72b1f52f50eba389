using System.Text.Json.Serialization;

namespace Shortener.Core.Links.Routing;

/// <summary>
/// What a link does beyond its url (issue 15): rules tried in order (the first that matches sends the visitor to its
/// url), A/B variants (weights summing to 100) when no rule matched, and UTM parameters appended to wherever the visitor
/// goes. The api validates it (RoutingRules) and stores each part as jsonb; the redirect reads it with the link.
/// </summary>
public sealed record LinkRouting(IReadOnlyList<RedirectRule>? Rules, IReadOnlyList<LinkVariant>? Variants, LinkUtm? Utm)
{
    /// <summary>Null when the link has none of the three: the redirect then does nothing more than before.</summary>
    public static LinkRouting? Of(IReadOnlyList<RedirectRule>? rules, IReadOnlyList<LinkVariant>? variants, LinkUtm? utm) =>
        rules is { Count: > 0 } || variants is { Count: > 0 } || utm is not null
            ? new LinkRouting(rules is { Count: > 0 } ? rules : null, variants is { Count: > 0 } ? variants : null, utm)
            : null;
}

/// <summary>One rule: every condition given in <see cref="When"/> must hold (AND); the lists inside one condition are alternatives (OR).</summary>
public sealed record RedirectRule(RuleConditions? When, string? Url);

/// <param name="Device">desktop, mobile, tablet, ios, android.</param>
/// <param name="Country">ISO 3166-1 alpha-2 codes, from the same GeoIP lookup as clicks.</param>
/// <param name="Language">Language tags (de, pt-BR) compared with the visitor's most preferred Accept-Language entry.</param>
/// <param name="Query">Parameters of the short URL's query that must equal these values.</param>
/// <param name="Before">The redirect happens before this instant (UTC).</param>
/// <param name="After">The redirect happens at or after this instant (UTC).</param>
public sealed record RuleConditions(
    IReadOnlyList<string>? Device = null,
    IReadOnlyList<string>? Country = null,
    IReadOnlyList<string>? Language = null,
    IReadOnlyDictionary<string, string>? Query = null,
    DateTimeOffset? Before = null,
    DateTimeOffset? After = null);

public sealed record LinkVariant(string? Url, int? Weight);

/// <summary>UTM parameters appended to the target; one the target already has is kept unless <see cref="Override"/>.</summary>
public sealed record LinkUtm(string? Source = null, string? Medium = null, string? Campaign = null, string? Term = null,
    string? Content = null, bool Override = false);

/// <summary>How routing is kept in PostgreSQL's jsonb columns: snake_case, as the API shows it, so SQL can read it (utm->>'campaign').</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<RedirectRule>))]
[JsonSerializable(typeof(List<LinkVariant>))]
[JsonSerializable(typeof(LinkUtm))]
public sealed partial class RoutingJsonContext : JsonSerializerContext;
