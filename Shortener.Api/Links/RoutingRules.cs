using Shortener.Core.Links;
using Shortener.Core.Links.Routing;

namespace Shortener.Api.Links;

/// <summary>
/// What rules, variants and UTM may hold (issue 15). A failure names the rule or variant and its field
/// (<c>rules[2].when.country</c>), so a client can point at it; everything that fails is listed at once.
/// </summary>
public static class RoutingRules
{
    public const int MaxRules = 20;
    public const int MaxVariants = 10;
    public const int MaxValuesPerCondition = 50;
    public const int MaxQueryConditions = 10;
    public const int MaxQueryLength = 200;
    public static readonly IReadOnlySet<string> Devices = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "desktop", "mobile", "tablet", "ios", "android" };

    public static void Validate(Dictionary<string, string[]> errors, IReadOnlyList<RedirectRule?>? rules, IReadOnlyList<LinkVariant?>? variants, LinkUtm? utm)
    {
        if (rules is not null) ValidateRules(errors, rules);
        if (variants is not null) ValidateVariants(errors, variants);
        if (utm is not null) ValidateUtm(errors, utm);
    }

    private static void ValidateRules(Dictionary<string, string[]> errors, IReadOnlyList<RedirectRule?> rules)
    {
        if (rules.Count > MaxRules)
        {
            errors["rules"] = [$"A link has at most {MaxRules} rules."];
            return;
        }
        for (var i = 0; i < rules.Count; i++)
        {
            var at = $"rules[{i}]";
            if (rules[i] is not { } rule)
            {
                errors[at] = ["A rule is an object {\"when\": {…}, \"url\": \"https://…\"}."];
                continue;
            }
            LinkRules.Check(errors, $"{at}.url", TargetUrl.Validate(rule.Url));
            if (rule.When is not { } when || IsEmpty(when))
            {
                errors[$"{at}.when"] = ["A rule needs at least one condition: device, country, language, query, before or after."];
                continue;
            }
            Values(errors, $"{at}.when.device", when.Device, d => Devices.Contains(d) ? null : $"'{Short(d)}' is not a device: use desktop, mobile, tablet, ios or android.");
            Values(errors, $"{at}.when.country", when.Country, c => c.Length == 2 && char.IsAsciiLetter(c[0]) && char.IsAsciiLetter(c[1])
                ? null : $"'{Short(c)}' is not an ISO 3166-1 alpha-2 country code such as DE.");
            Values(errors, $"{at}.when.language", when.Language, l => AcceptLanguage.IsTag(l) ? null : $"'{Short(l)}' is not a language tag such as de or pt-BR.");
            if (when.Query is { } query)
            {
                if (query.Count is 0 or > MaxQueryConditions)
                    errors[$"{at}.when.query"] = [$"query names 1 to {MaxQueryConditions} parameters, each with the value it must have."];
                else if (query.Any(q => q.Key.Length is 0 or > MaxQueryLength || q.Value is null || q.Value.Length > MaxQueryLength
                    || !UtmParameters.IsPassable(q.Key) || q.Value.Length > 0 && !UtmParameters.IsPassable(q.Value)))
                    errors[$"{at}.when.query"] = [$"Query parameter names and values are printable text of at most {MaxQueryLength} characters."];
            }
            if (when.Before is { } before && when.After is { } after && after >= before)
                errors[$"{at}.when.after"] = ["after must be earlier than before, or the rule never matches."];
        }
    }

    private static void ValidateVariants(Dictionary<string, string[]> errors, IReadOnlyList<LinkVariant?> variants)
    {
        if (variants.Count is 1 or > MaxVariants)
        {
            errors["variants"] = [$"A/B variants are 2 to {MaxVariants} targets (or none)."];
            return;
        }
        var sum = 0;
        for (var i = 0; i < variants.Count; i++)
        {
            var at = $"variants[{i}]";
            if (variants[i] is not { } variant)
            {
                errors[at] = ["A variant is an object {\"url\": \"https://…\", \"weight\": 50}."];
                continue;
            }
            LinkRules.Check(errors, $"{at}.url", TargetUrl.Validate(variant.Url));
            if (variant.Weight is not (>= 1 and <= 100)) errors[$"{at}.weight"] = ["A weight is a whole number from 1 to 100."];
            else sum += variant.Weight.Value;
        }
        if (variants.Count > 0 && !errors.Keys.Any(k => k.StartsWith("variants[", StringComparison.Ordinal)) && sum != 100)
            errors["variants"] = [$"The weights must add up to 100 (they add up to {sum})."];
    }

    private static void ValidateUtm(Dictionary<string, string[]> errors, LinkUtm utm)
    {
        string?[] values = [utm.Source, utm.Medium, utm.Campaign, utm.Term, utm.Content];
        string[] names = ["source", "medium", "campaign", "term", "content"];
        if (values.All(v => v is null))
        {
            errors["utm"] = ["utm names at least one of source, medium, campaign, term, content (or is null)."];
            return;
        }
        for (var i = 0; i < values.Length; i++)
            if (values[i] is { } v && !UtmParameters.IsPassable(v))
                errors[$"utm.{names[i]}"] = [$"A UTM value is 1 to {UtmParameters.MaxValueLength} characters of printable text."];
    }

    private static void Values(Dictionary<string, string[]> errors, string field, IReadOnlyList<string?>? values, Func<string, string?> check)
    {
        if (values is null) return;
        if (values.Count is 0 or > MaxValuesPerCondition)
        {
            errors[field] = [$"A condition lists 1 to {MaxValuesPerCondition} values."];
            return;
        }
        foreach (var value in values)
        {
            var error = value is null ? "A value must not be null." : check(value);
            if (error is null) continue;
            errors[field] = [error];
            return;
        }
    }

    private static bool IsEmpty(RuleConditions when) =>
        when.Device is null && when.Country is null && when.Language is null && when.Query is null && when.Before is null && when.After is null;

    private static string Short(string value) => value.Length > 40 ? value[..40] + "…" : value;

    /// <summary>Validated rules as stored: ASCII urls, lower-case devices and languages, upper-case countries; null for none.</summary>
    public static string? StoreRules(IReadOnlyList<RedirectRule>? rules) => StoredRouting.Write(rules?.Select(r => new RedirectRule(
        r.When! with
        {
            Device = r.When!.Device?.Select(d => d.ToLowerInvariant()).Distinct().ToList(),
            Country = r.When.Country?.Select(c => c.ToUpperInvariant()).Distinct().ToList(),
            Language = r.When.Language?.Select(l => l.ToLowerInvariant()).Distinct().ToList(),
        }, TargetUrl.ToAscii(r.Url))).ToList());

    public static string? StoreVariants(IReadOnlyList<LinkVariant>? variants) =>
        StoredRouting.Write(variants?.Select(v => v with { Url = TargetUrl.ToAscii(v.Url) }).ToList());

    public static string? StoreUtm(LinkUtm? utm) => StoredRouting.Write(utm);
}
