namespace Shortener.Core.Enrichment.UserAgents;

/// <summary>
/// The three ordered rule lists of a regexes.yaml file, plus the literal index that rules
/// most of them out per user agent. Rule ids run across all three lists.
/// </summary>
internal sealed class UapRuleSet
{
    private readonly Lazy<LiteralIndex> _index;

    public UapRuleSet(IReadOnlyList<BrowserRule> browsers, IReadOnlyList<OsRule> oses, IReadOnlyList<DeviceRule> devices)
    {
        Browsers = browsers;
        Oses = oses;
        Devices = devices;
        All = [.. browsers, .. oses, .. devices];
        for (var i = 0; i < All.Count; i++)
        {
            if (All[i].Id != i) throw new ArgumentException("Rule ids must be consecutive across the three lists.");
        }
        _index = new Lazy<LiteralIndex>(BuildIndex, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public IReadOnlyList<BrowserRule> Browsers { get; }

    public IReadOnlyList<OsRule> Oses { get; }

    public IReadOnlyList<DeviceRule> Devices { get; }

    public IReadOnlyList<UapRule> All { get; }

    public LiteralIndex Index => _index.Value;

    private LiteralIndex BuildIndex()
    {
        var literals = All.Select(r => RegexLiteralPrefilter.RequiredLiterals(r.Regex.Pattern)).ToArray();
        var allCaseSensitive = All.All(r => (r.Regex.Options & System.Text.RegularExpressions.RegexOptions.IgnoreCase) == 0);
        return new LiteralIndex(literals, allCaseSensitive);
    }
}
