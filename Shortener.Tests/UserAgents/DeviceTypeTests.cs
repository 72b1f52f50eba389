using System.Text.Json;
using Shortener.Core.Enrichment.UserAgents;
using Xunit.Abstractions;

namespace Shortener.Tests.UserAgents;

/// <summary>
/// Device kinds against the ua-parser-js 1.0 device test set (uapjs_device_test.json).
/// ua-parser-js reports no kind for desktops and some other cases ("undefined"), so those
/// are reported but not scored.
/// </summary>
public sealed class DeviceTypeTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, DeviceType> Expected = new()
    {
        ["mobile"] = DeviceType.Mobile,
        ["tablet"] = DeviceType.Tablet,
        ["smarttv"] = DeviceType.Tv,
        ["console"] = DeviceType.Console,
        ["wearable"] = DeviceType.Wearable,
        ["embedded"] = DeviceType.Other,
    };

    [Fact]
    public void Agrees_with_ua_parser_js_on_mobile_and_tablet()
    {
        var analyzer = new UserAgentAnalyzer(new UserAgentAnalyzerOptions { CacheCapacity = 0 });
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedFiles.PathOf("uap-conformance", "uapjs_device_test.json")));
        var tally = new SortedDictionary<string, (int Agree, int Total)>(StringComparer.Ordinal);
        foreach (var c in doc.RootElement.EnumerateArray())
        {
            var ua = c.GetProperty("ua").GetString() ?? "";
            var type = c.GetProperty("expect").TryGetProperty("type", out var t) ? t.GetString() ?? "null" : "null";
            var got = analyzer.Analyze(ua).Device;
            var agrees = Expected.TryGetValue(type, out var want) && got == want;
            var (a, n) = tally.GetValueOrDefault(type);
            tally[type] = (a + (agrees ? 1 : 0), n + 1);
            if (!agrees && Expected.ContainsKey(type)) output.WriteLine($"  {type}: got {got} for {ua}");
        }

        foreach (var (type, (agree, total)) in tally)
        {
            var scored = Expected.ContainsKey(type) ? $"{(double)agree / total:P1}" : "not scored";
            output.WriteLine($"{type}: {agree}/{total} {scored}");
        }
        Assert.True(Rate(tally["mobile"]) >= 0.95, $"mobile agreement {Rate(tally["mobile"]):P1} is below 95%.");
        Assert.True(Rate(tally["tablet"]) >= 0.85, $"tablet agreement {Rate(tally["tablet"]):P1} is below 85%.");
    }

    private static double Rate((int Agree, int Total) t) => (double)t.Agree / t.Total;
}
