using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Shortener.Core.Enrichment.Geo;
using Shortener.Core.Enrichment.UserAgents;
using Shortener.Core.Enrichment.Visitors;
using Shortener.Core.Links.Routing;

namespace Shortener.Tests.Routing;

/// <summary>The redirect's choice, decided in process: rules in order, variants, UTM, and what each needs of the visitor.</summary>
public sealed class RoutePlanTests : IDisposable
{
    private const string IPhone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
    private const string Pixel = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36";
    private const string IPad = "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
    private const string Windows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
    private static readonly DateTimeOffset s_now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private readonly CountryLookup _countries = CountryLookup.Open(null);
    private readonly VisitorServices _services;

    public RoutePlanTests() => _services = new VisitorServices(new UserAgentAnalyzer(), _countries, new VisitorHasher("a-visitor-secret-of-test"));

    public void Dispose() => _countries.Dispose();

    private Visitor Visit(string? ua = null, string? ip = null, string? language = null, string query = "", DateTimeOffset? at = null) =>
        new(ip, ua, language, new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query)), at ?? s_now, _services);

    private static RoutePlan Plan(params RedirectRule[] rules) => RoutePlan.Compile(new LinkRouting(rules, null, null));

    private static RedirectRule Rule(string url, RuleConditions when) => new(when, url);

    [Fact]
    public void TheFirstMatchingRuleWinsAndNoMatchLeavesTheLinksUrl()
    {
        var plan = Plan(
            Rule("https://apps.apple.com/app", new(Device: ["ios"])),
            Rule("https://play.google.com/app", new(Device: ["android"])),
            Rule("https://example.com/mobile", new(Device: ["mobile", "tablet"])));

        Assert.Equal(("https://apps.apple.com/app", 0), Pick(plan, Visit(IPhone)));
        Assert.Equal(("https://apps.apple.com/app", 0), Pick(plan, Visit(IPad)));
        Assert.Equal(("https://play.google.com/app", 1), Pick(plan, Visit(Pixel)));
        var desktop = plan.Choose(1, "https://example.com/", Visit(Windows));
        Assert.Equal("https://example.com/", desktop.Url);
        Assert.Null(desktop.Choice);
    }

    [Fact]
    public void ConditionsOfOneRuleMustAllHold()
    {
        var plan = Plan(Rule("https://example.com/de-mobile", new(Device: ["mobile"], Country: ["DE"], Language: ["de"])));
        Assert.Equal(("https://example.com/de-mobile", 0), Pick(plan, Visit(Pixel, "85.214.0.1", "de-DE,de;q=0.9")));
        Assert.Null(plan.Choose(1, "https://example.com/", Visit(Pixel, "8.8.8.8", "de-DE")).Choice);
        Assert.Null(plan.Choose(1, "https://example.com/", Visit(Windows, "85.214.0.1", "de-DE")).Choice);
        Assert.Null(plan.Choose(1, "https://example.com/", Visit(Pixel, "85.214.0.1", "en-US")).Choice);
    }

    [Theory]
    [InlineData("fr-CH, fr;q=0.9, de;q=0.95", "fr-ch")]
    [InlineData("en;q=0.5, de;q=0.8", "de")]
    [InlineData("de;q=0, en", "en")]
    [InlineData("*", null)]
    [InlineData("", null)]
    [InlineData("en;q=abc, pt-BR;q=0.1", "pt-br")]
    [InlineData("<script>, de", "de")]
    public void ThePreferredLanguageRespectsQValues(string header, string? expected) => Assert.Equal(expected, AcceptLanguage.Preferred(header));

    [Fact]
    public void ALanguageRuleMatchesTheMostPreferredLanguageAndItsRegions()
    {
        var plan = Plan(Rule("https://example.com/de", new(Language: ["de"])));
        Assert.NotNull(plan.Choose(1, "u", Visit(language: "de-AT")).Choice);
        Assert.NotNull(plan.Choose(1, "u", Visit(language: "en;q=0.4, de;q=0.9")).Choice);
        Assert.Null(plan.Choose(1, "u", Visit(language: "en, de;q=0.9")).Choice);
        Assert.Null(plan.Choose(1, "u", Visit(language: "dee")).Choice);
    }

    [Fact]
    public void QueryBeforeAndAfterRules()
    {
        var plan = Plan(
            Rule("https://example.com/promo", new(Query: new Dictionary<string, string> { ["ref"] = "newsletter" })),
            Rule("https://example.com/early", new(Before: s_now.AddHours(1))),
            Rule("https://example.com/late", new(After: s_now.AddDays(-1))));
        Assert.Equal(("https://example.com/promo", 0), Pick(plan, Visit(query: "?ref=newsletter")));
        Assert.Equal(("https://example.com/early", 1), Pick(plan, Visit(query: "?ref=other")));
        Assert.Equal(("https://example.com/late", 2), Pick(plan, Visit(at: s_now.AddHours(2))));
    }

    [Fact]
    public void VariantsSplitByWeightAndKeepAVisitorOnOneVariantAllDay()
    {
        var plan = RoutePlan.Compile(new LinkRouting(null, [new("https://a.example/", 70), new("https://b.example/", 30)], null));
        var counts = new int[2];
        for (var i = 0; i < 4000; i++)
        {
            var ip = $"203.0.{i / 250}.{i % 250}";
            var first = plan.Choose(42, "u", Visit(Windows, ip)).Choice!.Variant!.Value;
            counts[first]++;
            Assert.Equal(first, plan.Choose(42, "u", Visit(Windows, ip, at: s_now.AddHours(11))).Choice!.Variant);
        }
        Assert.InRange(counts[0], 2600, 3000);
        Assert.InRange(counts[1], 1000, 1400);
    }

    [Fact]
    public void UtmIsAppendedWithoutOverridingUnlessAsked()
    {
        var utm = new LinkUtm("newsletter", "email", "launch");
        var keep = RoutePlan.Compile(new LinkRouting(null, null, utm));
        var result = keep.Choose(1, "https://example.com/p?utm_source=partner&x=1#top", Visit());
        Assert.Equal("https://example.com/p?utm_source=partner&x=1&utm_medium=email&utm_campaign=launch#top", result.Url);
        Assert.Equal(new ClickChoice(null, null, "partner", "email", "launch"), result.Choice);

        var force = RoutePlan.Compile(new LinkRouting(null, null, utm with { Override = true }));
        Assert.Equal("https://example.com/p?x=1&utm_source=newsletter&utm_medium=email&utm_campaign=launch#top",
            force.Choose(1, "https://example.com/p?utm_source=partner&x=1#top", Visit()).Url);
    }

    [Fact]
    public void UtmOfTheShortUrlsQueryIsPassedOnAndTakesThePlaceOfTheLinksOwn()
    {
        var plan = RoutePlan.Compile(new LinkRouting(null, null, new LinkUtm("newsletter", "email")));
        var result = plan.Choose(1, "https://example.com/", Visit(query: "?utm_source=twitter&utm_campaign=x%20y&other=1"));
        Assert.Equal("https://example.com/?utm_source=twitter&utm_medium=email&utm_campaign=x%20y", result.Url);
        Assert.Equal(new ClickChoice(null, null, "twitter", "email", "x y"), result.Choice);

        var plain = RoutePlan.PassOnUtm("https://example.com/", Visit(query: "?utm_medium=social"));
        Assert.Equal("https://example.com/?utm_medium=social", plain.Url);
        var nothing = RoutePlan.PassOnUtm("https://example.com/", Visit(query: "?page=2&utm_source=" + Uri.EscapeDataString("bad\u0001")));
        Assert.Equal(("https://example.com/", null), (nothing.Url, nothing.Choice));
    }

    private static (string Url, int? Rule) Pick(RoutePlan plan, Visitor visitor)
    {
        var result = plan.Choose(1, "https://example.com/", visitor);
        return (result.Url, result.Choice?.Rule);
    }
}
