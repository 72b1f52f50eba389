namespace Shortener.Core.Enrichment.UserAgents;

/// <summary>What the three rule kinds share: a position in the literal index and a lazy regex.</summary>
internal abstract class UapRule(int id, LazyRegex regex)
{
    public int Id { get; } = id;

    public LazyRegex Regex { get; } = regex;

}

/// <summary>One <c>user_agent_parsers</c> entry.</summary>
internal sealed class BrowserRule(int id, LazyRegex regex, ReplacementTemplate family, ReplacementTemplate major,
    ReplacementTemplate minor, ReplacementTemplate patch, ReplacementTemplate patchMinor) : UapRule(id, regex)
{
    public UapBrowser? TryMatch(string userAgent) =>
        Regex.Match(userAgent) is { } m
            ? new UapBrowser(family.Expand(m) ?? "Other", major.Expand(m), minor.Expand(m), patch.Expand(m), patchMinor.Expand(m))
            : null;
}

/// <summary>One <c>os_parsers</c> entry.</summary>
internal sealed class OsRule(int id, LazyRegex regex, ReplacementTemplate family, ReplacementTemplate major,
    ReplacementTemplate minor, ReplacementTemplate patch, ReplacementTemplate patchMinor) : UapRule(id, regex)
{
    public UapOs? TryMatch(string userAgent) =>
        Regex.Match(userAgent) is { } m
            ? new UapOs(family.Expand(m) ?? "Other", major.Expand(m), minor.Expand(m), patch.Expand(m), patchMinor.Expand(m))
            : null;
}

/// <summary>One <c>device_parsers</c> entry.</summary>
internal sealed class DeviceRule(int id, LazyRegex regex, ReplacementTemplate family, ReplacementTemplate? brand,
    ReplacementTemplate model) : UapRule(id, regex)
{
    public UapDevice? TryMatch(string userAgent) =>
        Regex.Match(userAgent) is { } m
            ? new UapDevice(family.Expand(m) ?? "Other", brand?.Expand(m), model.Expand(m))
            : null;
}
