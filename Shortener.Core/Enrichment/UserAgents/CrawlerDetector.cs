using System.Text.Json;
using System.Text.RegularExpressions;

namespace Shortener.Core.Enrichment.UserAgents;

/// <summary>
/// Matches user agents against the crawler-user-agents pattern list (~1,500 patterns).
/// Thread-safe.
/// </summary>
/// <remarks>
/// Rather than one giant alternation, which the backtracking engine would try at every
/// position of the input, a <see cref="LiteralIndex"/> over the patterns' literals finds the
/// few candidates in one pass and only those regexes run. The patterns are JavaScript regexes
/// without flags; <see cref="RegexOptions.ECMAScript"/> gives them JavaScript's ASCII meaning
/// of \d, \w and \s. (JavaScript's <c>$</c> never matches before a final newline, .NET's does,
/// but header values cannot contain line breaks.)
/// </remarks>
public sealed class CrawlerDetector
{
    private readonly LazyRegex[] _regexes;
    private readonly int[] _unfiltered;
    private readonly int[] _all;
    private readonly Lazy<LiteralIndex> _index;

    private CrawlerDetector(IReadOnlyList<string> patterns)
    {
        Patterns = patterns;
        _regexes = [.. patterns.Select(p => new LazyRegex(p, RegexOptions.ECMAScript))];
        _index = new Lazy<LiteralIndex>(
            () => new LiteralIndex([.. patterns.Select(RegexLiteralPrefilter.RequiredLiterals)], allCaseSensitive: true),
            LazyThreadSafetyMode.ExecutionAndPublication);
        _all = [.. Enumerable.Range(0, patterns.Count)];
        _unfiltered = [.. Enumerable.Range(0, patterns.Count).Where(i => RegexLiteralPrefilter.RequiredLiterals(patterns[i]) is null)];
    }

    /// <summary>The patterns, in file order.</summary>
    public IReadOnlyList<string> Patterns { get; }

    /// <summary>Loads the crawler-user-agents.json embedded in this assembly.</summary>
    public static CrawlerDetector FromEmbeddedData()
    {
        using var stream = EmbeddedUserAgentData.Open(EmbeddedUserAgentData.CrawlerPatterns);
        return FromJson(stream);
    }

    /// <summary>Loads a crawler-user-agents.json (a list of objects with a <c>pattern</c>).</summary>
    public static CrawlerDetector FromJson(Stream json)
    {
        using var doc = JsonDocument.Parse(json);
        var patterns = doc.RootElement.EnumerateArray()
            .Select(e => e.GetProperty("pattern").GetString())
            .OfType<string>()
            .ToArray();
        return new CrawlerDetector(patterns);
    }

    /// <summary>True if any crawler pattern matches <paramref name="userAgent"/>.</summary>
    public bool IsCrawler(string userAgent) => FirstMatch(userAgent) >= 0;

    /// <summary>Index of a matching pattern (not necessarily the first in file order), or -1.</summary>
    public int FirstMatch(string userAgent)
    {
        var index = _index.Value;
        Span<ulong> found = stackalloc ulong[index.BitWords];
        if (!index.MarkCandidates(userAgent, found)) return Scan(userAgent, _all);

        var clause = 0;
        for (var id = index.NextCandidate(found, ref clause); id >= 0; id = index.NextCandidate(found, ref clause))
        {
            if (_regexes[id].Value.IsMatch(userAgent)) return id;
        }
        return Scan(userAgent, _unfiltered);
    }

    private int Scan(string userAgent, int[] ids)
    {
        foreach (var id in ids)
        {
            if (_regexes[id].Value.IsMatch(userAgent)) return id;
        }
        return -1;
    }
}
