using Shortener.Core.Enrichment.UserAgents;

namespace Shortener.Core.Links.Routing;

/// <summary>Where a redirect goes and what is recorded of the choice (null when nothing was chosen).</summary>
public readonly record struct RouteResult(string Url, ClickChoice? Choice);

/// <summary>
/// A link's routing made ready for the redirect when the link is read into the cache (lists become sets and masks, once),
/// so a redirect only compares. Rules are tried in order and the first whose conditions all hold wins; then variants
/// split the rest; then the link's own url. Conditions that cost something (the user agent, the country) are checked last.
/// </summary>
public sealed class RoutePlan
{
    private readonly CompiledRule[] _rules;
    private readonly (string Url, int UpTo)[] _variants;
    private readonly LinkUtm? _utm;

    private RoutePlan(CompiledRule[] rules, (string, int)[] variants, LinkUtm? utm) => (_rules, _variants, _utm) = (rules, variants, utm);

    public static RoutePlan Compile(LinkRouting routing)
    {
        var rules = (routing.Rules ?? []).Select(CompiledRule.From).ToArray();
        var upTo = 0;
        var variants = (routing.Variants ?? []).Select(v => (v.Url!, upTo += v.Weight ?? 0)).ToArray();
        return new RoutePlan(rules, variants, routing.Utm);
    }

    public RouteResult Choose(long linkId, string url, Visitor visitor)
    {
        int? rule = null, variant = null;
        for (var i = 0; i < _rules.Length; i++)
        {
            if (!_rules[i].Matches(visitor)) continue;
            (rule, url) = (i, _rules[i].Url);
            break;
        }
        if (rule is null && _variants.Length > 0)
        {
            var bucket = visitor.BucketFor(linkId);
            var chosen = Array.FindIndex(_variants, v => bucket < v.UpTo);
            if (chosen >= 0) (variant, url) = (chosen, _variants[chosen].Url);
        }
        var (target, source, medium, campaign) = UtmParameters.Apply(url, _utm, visitor.Query);
        return rule is null && variant is null && source is null && medium is null && campaign is null && ReferenceEquals(target, url)
            ? new RouteResult(url, null)
            : new RouteResult(target, new ClickChoice(rule, variant, source, medium, campaign));
    }

    /// <summary>For a link without routing whose redirect came with a query: only utm_* of that query can change anything.</summary>
    public static RouteResult PassOnUtm(string url, Visitor visitor)
    {
        var (target, source, medium, campaign) = UtmParameters.Apply(url, null, visitor.Query);
        return ReferenceEquals(target, url) ? new RouteResult(url, null) : new RouteResult(target, new ClickChoice(null, null, source, medium, campaign));
    }

    [Flags]
    private enum Devices { None = 0, Desktop = 1, Mobile = 2, Tablet = 4, Ios = 8, Android = 16 }

    private sealed record CompiledRule(string Url, Devices Devices, HashSet<string>? Countries, string[]? Languages,
        KeyValuePair<string, string>[]? Query, DateTimeOffset? Before, DateTimeOffset? After)
    {
        public static CompiledRule From(RedirectRule rule)
        {
            var when = rule.When ?? new RuleConditions();
            var devices = Devices.None;
            foreach (var d in when.Device ?? [])
                devices |= Enum.TryParse<Devices>(d, ignoreCase: true, out var flag) ? flag : Devices.None;
            return new CompiledRule(rule.Url!, devices,
                when.Country is { Count: > 0 } c ? new HashSet<string>(c, StringComparer.OrdinalIgnoreCase) : null,
                when.Language is { Count: > 0 } l ? [.. l.Select(x => x.ToLowerInvariant())] : null,
                when.Query is { Count: > 0 } q ? [.. q] : null, when.Before, when.After);
        }

        public bool Matches(Visitor visitor)
        {
            if (Before is { } before && visitor.Now >= before) return false;
            if (After is { } after && visitor.Now < after) return false;
            if (Query is not null)
                foreach (var (name, value) in Query)
                    if (!visitor.Query.TryGetValue(name, out var given) || !given.Contains(value)) return false;
            if (Languages is not null && (visitor.Language is not { } language || !Array.Exists(Languages, l => AcceptLanguage.Matches(language, l))))
                return false;
            if (Devices != Devices.None && (DevicesOf(visitor.Agent) & Devices) == 0) return false;
            if (Countries is not null && (visitor.Country is not { } country || !Countries.Contains(country))) return false;
            return true;
        }

        private static Devices DevicesOf(UserAgentInfo agent)
        {
            var kind = agent.Device switch
            {
                DeviceType.Desktop => Devices.Desktop,
                DeviceType.Mobile => Devices.Mobile,
                DeviceType.Tablet => Devices.Tablet,
                _ => Devices.None,
            };
            return kind | agent.Os switch
            {
                "iOS" or "iPadOS" => Devices.Ios,
                "Android" => Devices.Android,
                _ => Devices.None,
            };
        }
    }
}
