using Shortener.Core.Enrichment.UserAgents;

namespace Shortener.Tests.UserAgents;

public sealed class UapParserTests
{
    [Fact]
    public void Compiled_regexes_give_the_same_results_as_interpreted()
    {
        var interpreted = UapParser.FromEmbeddedData();
        var compiled = UapParser.FromEmbeddedData(compileRegexAfterRuns: 1);
        foreach (var c in ConformanceData.Cases("test_os.json"))
        {
            var ua = c["user_agent_string"] ?? "";
            Assert.Equal(interpreted.Parse(ua), compiled.Parse(ua));
        }
    }

    [Fact]
    public void Hot_regexes_are_recompiled_in_the_background()
    {
        var regex = new LazyRegex("(Chrome)/(\\d+)", System.Text.RegularExpressions.RegexOptions.None, compileAfterRuns: 3);
        for (var i = 0; i < 3; i++) Assert.NotNull(regex.Match("Chrome/124"));
        SpinWait.SpinUntil(() => regex.IsCompiled, TimeSpan.FromSeconds(10));
        Assert.True(regex.IsCompiled);
        Assert.Equal("124", regex.Match("Chrome/124")?.Groups[2].Value);
    }

    [Fact]
    public void Unknown_input_is_other_everywhere()
    {
        var result = UapParser.FromEmbeddedData().Parse("zzzz");
        Assert.Equal(new UapResult(UapBrowser.Other, UapOs.Other, UapDevice.Other), result);
    }

    [Fact]
    public void Earlier_files_take_precedence_within_each_section()
    {
        const string supplement = """
            user_agent_parsers:
              - regex: '(Foo)/(\d+)\.(\d+)'
                family_replacement: 'Foo Browser'
            os_parsers:
            """;
        const string main = """
            user_agent_parsers:
              - regex: '(Foo)/(\d+)'
              - regex: '(Bar)/(\d+)'
            os_parsers:
              - regex: '(FooOS) (\d+)'
            device_parsers:
              - regex: '(Phone)'
            """;
        var parser = UapParser.FromYaml([new StringReader(supplement), new StringReader(main)]);

        Assert.Equal(5, parser.RuleCount);
        Assert.Equal(new UapBrowser("Foo Browser", "1", "2", null, null), parser.ParseBrowser("Foo/1.2 Bar/3"));
        Assert.Equal(new UapBrowser("Foo", "1", null, null, null), parser.ParseBrowser("Foo/1 Bar/3"));
        Assert.Equal(new UapBrowser("Bar", "3", null, null, null), parser.ParseBrowser("Bar/3"));
        Assert.Equal("FooOS", parser.ParseOs("FooOS 7").Family);
        Assert.Equal("Phone", parser.ParseDevice("Phone").Family);
    }

    [Fact]
    public void Every_section_must_come_from_some_file()
    {
        const string browsersOnly = "user_agent_parsers:\n  - regex: '(Foo)/(\\d+)'\n";
        Assert.Throws<InvalidDataException>(() => UapParser.FromYaml(new StringReader(browsersOnly)));
        Assert.Throws<InvalidDataException>(() =>
            UapParser.FromYaml([new StringReader(browsersOnly), new StringReader(browsersOnly)]));
    }

    [Fact]
    public void Shipped_rules_combine_the_supplement_with_uap_core()
    {
        var parser = UapParser.FromEmbeddedData();
        // Only in our supplement (uap-core added Opera GX after 0.18.0).
        Assert.Equal("Opera GX", parser.ParseBrowser(
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/144.0.7559.109 Safari/537.36 OPX/3.1").Family);
        // Only in uap-core 0.18.0.
        Assert.Equal("Chrome", parser.ParseBrowser(
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/144.0.7559.109 Safari/537.36").Family);
        Assert.Equal(
            UapRegexFile.Patterns(ConformanceData.SupplementRegexesFile).Count + UapRegexFile.Patterns(ConformanceData.ShippedRegexesFile).Count,
            parser.RuleCount);
    }

    [Fact]
    public void Every_rule_can_be_built()
    {
        var parser = UapParser.FromEmbeddedData();
        parser.Prepare();
        Assert.True(parser.RuleCount > 1000);
        Assert.True(parser.FilteredRuleCount > parser.RuleCount * 9 / 10);
    }
}
