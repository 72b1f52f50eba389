using System.Text.RegularExpressions;

namespace Shortener.Core.Enrichment.UserAgents;

/// <summary>
/// uap-core user-agent parser: first matching rule wins in each of the browser, OS and device
/// lists, with the replacement semantics of the uap-core specification. Thread-safe; it keeps
/// no per-call state, so callers that see repeated user agents should cache results
/// (<see cref="UserAgentAnalyzer"/> does).
/// </summary>
public sealed class UapParser
{
    private readonly UapRuleSet _rules;

    private UapParser(UapRuleSet rules) => _rules = rules;

    /// <summary>
    /// Builds a parser over the rules embedded in this assembly: our supplementary rules
    /// (regexes.supplement.yaml, for families uap-core added after the npm release we pin), tried
    /// before the regexes.yaml of that release.
    /// </summary>
    /// <param name="compileRegexAfterRuns">
    /// 0: regexes stay interpreted. 1: each is built with <see cref="RegexOptions.Compiled"/> on
    /// first use (fastest runs, ~3 ms of IL generation and JIT per regex). N: each is recompiled
    /// in the background after its N-th run, so only the regexes in use pay for compilation.
    /// </param>
    public static UapParser FromEmbeddedData(int compileRegexAfterRuns = 0)
    {
        using var supplement = new StreamReader(EmbeddedUserAgentData.Open(EmbeddedUserAgentData.UapSupplement));
        using var uapCore = new StreamReader(EmbeddedUserAgentData.Open(EmbeddedUserAgentData.UapRegexes));
        return FromYaml([supplement, uapCore], compileRegexAfterRuns);
    }

    /// <summary>Builds a parser over a regexes.yaml in the uap-core format.</summary>
    public static UapParser FromYaml(TextReader yaml, int compileRegexAfterRuns = 0) =>
        FromYaml([yaml], compileRegexAfterRuns);

    /// <summary>
    /// Builds a parser over several files in the uap-core format, merged section by section:
    /// within each of the browser, OS and device lists, the rules of an earlier file are tried
    /// before those of a later one. A file may leave out sections it has no rules for.
    /// </summary>
    public static UapParser FromYaml(IReadOnlyList<TextReader> yamlFiles, int compileRegexAfterRuns = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(compileRegexAfterRuns);
        return new(UapRegexesLoader.Load(yamlFiles, compileRegexAfterRuns));
    }

    /// <summary>Number of regexes in the loaded files (for diagnostics).</summary>
    public int RuleCount => _rules.All.Count;

    /// <summary>Number of regexes guarded by the literal index (for diagnostics).</summary>
    public int FilteredRuleCount => _rules.Index.FilteredCount;

    /// <summary>Builds the literal index and every regex now instead of on first use.</summary>
    public void Prepare()
    {
        _ = _rules.Index;
        foreach (var rule in _rules.All) _ = rule.Regex.Value;
    }

    public UapResult Parse(string userAgent)
    {
        // One pass of the literal index serves all three lists.
        Span<ulong> candidates = stackalloc ulong[_rules.Index.BitWords];
        var filtered = _rules.Index.MarkCandidates(userAgent, candidates);
        return new UapResult(
            ParseBrowser(userAgent, candidates, filtered),
            ParseOs(userAgent, candidates, filtered),
            ParseDevice(userAgent, candidates, filtered));
    }

    public UapBrowser ParseBrowser(string userAgent)
    {
        Span<ulong> candidates = stackalloc ulong[_rules.Index.BitWords];
        return ParseBrowser(userAgent, candidates, _rules.Index.MarkCandidates(userAgent, candidates));
    }

    public UapOs ParseOs(string userAgent)
    {
        Span<ulong> candidates = stackalloc ulong[_rules.Index.BitWords];
        return ParseOs(userAgent, candidates, _rules.Index.MarkCandidates(userAgent, candidates));
    }

    public UapDevice ParseDevice(string userAgent)
    {
        Span<ulong> candidates = stackalloc ulong[_rules.Index.BitWords];
        return ParseDevice(userAgent, candidates, _rules.Index.MarkCandidates(userAgent, candidates));
    }

    private UapBrowser ParseBrowser(string userAgent, ReadOnlySpan<ulong> candidates, bool filtered)
    {
        var index = _rules.Index;
        foreach (var rule in _rules.Browsers)
        {
            if (filtered && !index.MayMatch(rule.Id, candidates)) continue;
            if (rule.TryMatch(userAgent) is { } result) return result;
        }
        return UapBrowser.Other;
    }

    private UapOs ParseOs(string userAgent, ReadOnlySpan<ulong> candidates, bool filtered)
    {
        var index = _rules.Index;
        foreach (var rule in _rules.Oses)
        {
            if (filtered && !index.MayMatch(rule.Id, candidates)) continue;
            if (rule.TryMatch(userAgent) is { } result) return result;
        }
        return UapOs.Other;
    }

    private UapDevice ParseDevice(string userAgent, ReadOnlySpan<ulong> candidates, bool filtered)
    {
        var index = _rules.Index;
        foreach (var rule in _rules.Devices)
        {
            if (filtered && !index.MayMatch(rule.Id, candidates)) continue;
            if (rule.TryMatch(userAgent) is { } result) return result;
        }
        return UapDevice.Other;
    }
}
