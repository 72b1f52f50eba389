using System.Text.RegularExpressions;
using Shortener.Core.Enrichment.UserAgents;

namespace Shortener.Tests.UserAgents;

public sealed class RegexLiteralPrefilterTests
{
    [Theory]
    [InlineData("(Googlebot)/(\\d+)", "googlebot/")]
    [InlineData("(?:Chrome|Chromium)/(\\d+)", "chrome/|chromium/")]
    [InlineData("[Ss]crape", "scrape")]
    [InlineData("; {0,2}(HTC|htc)[ _](\\w+) Build", " build & htc |htc_")]
    [InlineData("^.{0,100}?(?:iPhone|Android).{0,300}(?:bot|spider)\\.html", "android|iphone & bot.html|spider.html")]
    [InlineData("(?:Foo|)Bar", "bar|foobar")]
    public void Finds_the_literals_every_match_contains(string pattern, string expected) =>
        Assert.Equal(expected, Describe(RegexLiteralPrefilter.RequiredLiterals(pattern)));

    [Theory]
    [InlineData("\\d+\\.\\d+")]           // nothing literal
    [InlineData("(?:Foo|\\d+)/")]          // one branch has no literal; "/" alone is too short
    [InlineData("(?=x)y")]                 // single characters are not worth indexing
    [InlineData("(?i)abc")]                // inline flags are not understood: no filter, not a wrong one
    [InlineData("\u212A\u00C5")]           // non-ASCII literals: regex case folding could match ASCII
    public void Gives_no_filter_when_nothing_safe_is_known(string pattern) =>
        Assert.Null(RegexLiteralPrefilter.RequiredLiterals(pattern));

    [Fact]
    public void Never_rules_out_a_regex_that_matches()
    {
        // Every regex of the shipped rules (ours and uap-core's) against a few thousand real user
        // agents: a UA the regex matches must also pass the literal index.
        var patterns = UapRegexFile.Patterns(ConformanceData.SupplementRegexesFile)
            .Concat(UapRegexFile.Patterns(ConformanceData.ShippedRegexesFile))
            .ToArray();
        var uas = new[] { "test_ua.json", "test_os.json", "firefox_user_agent_strings.json" }
            .SelectMany(f => ConformanceData.Cases(f).Select(c => c["user_agent_string"] ?? ""))
            .Distinct()
            .ToArray();
        var clauses = patterns.Select(p => RegexLiteralPrefilter.RequiredLiterals(p.ToString())).ToArray();
        var index = new LiteralIndex(clauses, allCaseSensitive: false);
        Assert.True(index.FilteredCount > patterns.Length * 9 / 10, "most uap regexes should get a prefilter");

        var wrong = new List<string>();
        foreach (var ua in uas)
        {
            var found = new ulong[index.BitWords];
            if (!index.MarkCandidates(ua, found)) continue;
            for (var id = 0; id < patterns.Length; id++)
            {
                if (!index.MayMatch(id, found) && patterns[id].IsMatch(ua)) wrong.Add($"{patterns[id]} :: {ua}");
            }
        }
        Assert.Empty(wrong);
    }

    private static string Describe(IReadOnlyList<IReadOnlyCollection<string>>? clauses) =>
        clauses is null ? "null" : string.Join(" & ", clauses.Select(c => string.Join("|", c.Order(StringComparer.Ordinal))).Order(StringComparer.Ordinal));
}

/// <summary>Reads the raw regexes of a regexes.yaml, for tests that look at every rule.</summary>
internal static class UapRegexFile
{
    public static IReadOnlyList<Regex> Patterns(string path)
    {
        var doc = new YamlDotNet.Serialization.DeserializerBuilder().Build()
            .Deserialize<Dictionary<string, List<Dictionary<string, string>>>>(File.ReadAllText(path));
        return [.. doc.Values.SelectMany(list => list).Select(e => new Regex(
            PythonRegexTranslator.Translate(e["regex"]),
            RegexOptions.CultureInvariant | (e.GetValueOrDefault("regex_flag") == "i" ? RegexOptions.IgnoreCase : RegexOptions.None)))];
    }
}
