using System.Text.Json;
using Shortener.Core.Enrichment.UserAgents;

namespace Shortener.Tests.UserAgents;

public sealed class CrawlerDetectorTests
{
    private static readonly CrawlerDetector Detector = CrawlerDetector.FromEmbeddedData();

    [Fact]
    public void Every_listed_instance_is_detected()
    {
        // crawler-user-agents ships example UAs per pattern; they also prove the literal index
        // never rules out a pattern that matches.
        using var doc = JsonDocument.Parse(File.ReadAllText(
            ConformanceData.RepositoryFile("vendor", "node_modules", "crawler-user-agents", "crawler-user-agents.json")));
        var missed = doc.RootElement.EnumerateArray()
            .SelectMany(e => e.GetProperty("instances").EnumerateArray().Select(i => i.GetString() ?? ""))
            .Where(ua => !Detector.IsCrawler(ua))
            .ToList();
        Assert.Empty(missed);
        Assert.True(Detector.Patterns.Count > 1000);
    }

    [Fact]
    public void Every_pattern_compiles_as_a_dotnet_regex()
    {
        var failures = new List<string>();
        foreach (var pattern in Detector.Patterns)
        {
            try
            {
                _ = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.ECMAScript);
            }
            catch (ArgumentException e)
            {
                failures.Add($"{pattern}: {e.Message}");
            }
        }
        Assert.Empty(failures);
    }

    [Fact]
    public void Matching_is_case_sensitive_like_the_javascript_patterns()
    {
        Assert.True(Detector.IsCrawler("Googlebot/2.1"));
        Assert.False(Detector.IsCrawler("googlebot-is-not-spelled-like-this"));
    }

    [Fact]
    public void Non_ascii_input_is_still_matched()
    {
        Assert.True(Detector.IsCrawler("Ünïcödé Googlebot/2.1 ✓"));
        Assert.False(Detector.IsCrawler("Mozilla/5.0 (Windows NT 10.0) Ünïcödé Chrome/124.0 Safari/537.36"));
    }
}
