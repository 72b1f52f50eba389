using Shortener.Core.Enrichment.UserAgents;
using Xunit.Abstractions;

namespace Shortener.Tests.UserAgents;

/// <summary>
/// Runs the uap-core conformance suites from ../shared/uap-conformance against the rules the product ships:
/// our supplementary rules (Shortener.Core/Enrichment/UserAgents/regexes.supplement.yaml) tried before npm
/// uap-core 0.18.0's regexes.yaml. Every file must pass at 99% or more (README: "User-agent conformance").
/// </summary>
public sealed class UapConformanceTests(ITestOutputHelper output)
{
    private const double Required = 0.99;

    public static TheoryData<string> BrowserFiles =>
    [
        "test_ua.json",
        "firefox_user_agent_strings.json",
        "opera_mini_user_agent_strings.json",
        "podcasting_user_agent_strings.json",
        "pgts_browser_list.json",
    ];

    public static TheoryData<string> OsFiles => ["test_os.json", "additional_os_tests.json"];

    public static TheoryData<string> DeviceFiles => ["test_device.json"];

    [Theory]
    [MemberData(nameof(BrowserFiles))]
    public void Browser_suites_pass(string file) =>
        Check(file, static (parser, ua) => Browser(parser.ParseBrowser(ua)),
            static c => Join(c["family"], c["major"], c["minor"], c["patch"]));

    [Theory]
    [MemberData(nameof(OsFiles))]
    public void Os_suites_pass(string file) =>
        Check(file, static (parser, ua) => Os(parser.ParseOs(ua)),
            static c => Join(c["family"], c["major"], c["minor"], c["patch"], c.GetValueOrDefault("patch_minor")));

    [Theory]
    [MemberData(nameof(DeviceFiles))]
    public void Device_suites_pass(string file) =>
        Check(file, static (parser, ua) => Device(parser.ParseDevice(ua)),
            static c => Join(c["family"], c["brand"], c["model"]));

    private void Check(string file, Func<UapParser, string, string> actual, Func<Dictionary<string, string?>, string> expected)
    {
        var cases = ConformanceData.Cases(file);
        Assert.NotEmpty(cases);

        var (rate, failures) = Rate(ConformanceData.Shipped, cases, actual, expected);
        output.WriteLine($"{file}: {cases.Count} cases; shipped rules (regexes.supplement.yaml, then uap-core 0.18.0) {rate:P2}");
        foreach (var failure in failures.Take(20)) output.WriteLine("  " + failure);

        Assert.True(rate >= Required, $"{file}: pass rate {rate:P2} fell below {Required:P0}.");
    }

    private static (double Rate, List<string> Failures) Rate(UapParser parser, IReadOnlyList<Dictionary<string, string?>> cases,
        Func<UapParser, string, string> actual, Func<Dictionary<string, string?>, string> expected)
    {
        var failures = new List<string>();
        foreach (var c in cases)
        {
            var ua = c["user_agent_string"] ?? "";
            var (got, want) = (actual(parser, ua), expected(c));
            if (got != want) failures.Add($"{ua} => got [{got}] want [{want}]");
        }
        return ((double)(cases.Count - failures.Count) / cases.Count, failures);
    }

    private static string Browser(UapBrowser b) => Join(b.Family, b.Major, b.Minor, b.Patch);

    private static string Os(UapOs o) => Join(o.Family, o.Major, o.Minor, o.Patch, o.PatchMinor);

    private static string Device(UapDevice d) => Join(d.Family, d.Brand, d.Model);

    private static string Join(params string?[] parts) => string.Join(" | ", parts.Select(p => p ?? "null"));
}
