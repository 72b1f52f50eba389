using Shortener.Core.Enrichment.UserAgents;

namespace Shortener.Tests.UserAgents;

public sealed class UserAgentAnalyzerTests
{
    private static readonly UserAgentAnalyzer Analyzer = new();

    public static TheoryData<string, string, string, DeviceType> Browsers => new()
    {
        { "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36", "Chrome", "Windows", DeviceType.Desktop },
        { "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51", "Edge", "Windows", DeviceType.Desktop },
        { "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0", "Firefox", "Windows", DeviceType.Desktop },
        { "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0", "Firefox", "Linux", DeviceType.Desktop },
        { "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0", "Firefox", "Ubuntu", DeviceType.Desktop },
        { "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15", "Safari", "Mac OS X", DeviceType.Desktop },
        { "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36", "Chrome", "Mac OS X", DeviceType.Desktop },
        { "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36", "Chrome", "Chrome OS", DeviceType.Desktop },
        { "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1", "Mobile Safari", "iOS", DeviceType.Mobile },
        { "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1", "Chrome Mobile iOS", "iOS", DeviceType.Mobile },
        { "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36", "Chrome Mobile", "Android", DeviceType.Mobile },
        { "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36", "Chrome Mobile", "Android", DeviceType.Mobile },
        { "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36", "Samsung Internet", "Android", DeviceType.Mobile },
        { "Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0", "Firefox Mobile", "Android", DeviceType.Mobile },
        { "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1", "Mobile Safari", "iOS", DeviceType.Tablet },
        { "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36", "Chrome", "Android", DeviceType.Tablet },
        { "Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-T220) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Safari/537.36", "Samsung Internet", "Android", DeviceType.Tablet },
        { "Mozilla/5.0 (Linux; Android 11; KFTRWI) AppleWebKit/537.36 (KHTML, like Gecko) Silk/120.3.1 like Chrome/120.0.6099.230 Safari/537.36", "Amazon Silk", "Android", DeviceType.Tablet },
        { "Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) 76.0.3809.146/6.0 TV Safari/537.36", "Safari", "Tizen", DeviceType.Tv },
        { "Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.0 Safari/605.1.15", "Safari", "Other", DeviceType.Console },
    };

    [Theory]
    [MemberData(nameof(Browsers))]
    public void Real_browsers_are_not_bots(string userAgent, string browser, string os, DeviceType device)
    {
        var info = Analyzer.Analyze(userAgent);
        Assert.Equal(new UserAgentInfo(browser, os, device, IsBot: false), info);
    }

    [Theory]
    [InlineData("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")]
    [InlineData("Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.91 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")]
    [InlineData("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36")]
    [InlineData("Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)")]
    [InlineData("Mozilla/5.0 (compatible; DuckDuckBot-Https/1.1; https://duckduckgo.com/duckduckbot)")]
    [InlineData("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)")]
    [InlineData("Twitterbot/1.0")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_10_1) AppleWebKit/600.2.5 (KHTML, like Gecko) Version/8.0.2 Safari/600.2.5 (Applebot/0.1; +http://www.apple.com/go/applebot)")]
    [InlineData("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)")]
    [InlineData("Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)")]
    [InlineData("TelegramBot (like TwitterBot)")]
    [InlineData("LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)")]
    [InlineData("WhatsApp/2.23.20.0")]
    [InlineData("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.0; +https://openai.com/gptbot)")]
    [InlineData("curl/8.4.0")]
    [InlineData("Wget/1.21.4")]
    [InlineData("python-requests/2.31.0")]
    [InlineData("Go-http-client/1.1")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.6367.60 Safari/537.36")]
    public void Crawlers_and_http_clients_are_bots(string userAgent)
    {
        var info = Analyzer.Analyze(userAgent);
        Assert.True(info.IsBot, $"{userAgent} => {info}");
        Assert.Equal(DeviceType.Bot, info.Device);
    }

    [Fact]
    public void Uap_spider_devices_are_bots_even_without_a_crawler_pattern()
    {
        // uap-core's device rules call this a "Spider"; the crawler list has no pattern for it.
        const string ua = "Mozilla/5.0 (compatible; SomeUnlistedCrawler/1.0; +http://example.com/crawler.html)";
        Assert.False(CrawlerDetector.FromEmbeddedData().IsCrawler(ua));
        Assert.Equal("Spider", UapParser.FromEmbeddedData().ParseDevice(ua).Family);
        var info = Analyzer.Analyze(ua);
        Assert.True(info.IsBot);
        Assert.Equal(DeviceType.Bot, info.Device);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Missing_user_agent_is_unknown(string? userAgent)
    {
        Assert.Equal(UserAgentInfo.Unknown, Analyzer.Analyze(userAgent));
        Assert.False(Analyzer.Analyze(userAgent).IsBot);
        var strict = new UserAgentAnalyzer(new UserAgentAnalyzerOptions { TreatMissingUserAgentAsBot = true });
        Assert.True(strict.Analyze(userAgent).IsBot);
    }

    [Fact]
    public void Unknown_user_agent_is_other()
    {
        var info = Analyzer.Analyze("zzzz");
        Assert.Equal(new UserAgentInfo("Other", "Other", DeviceType.Other, false), info);
    }

    [Fact]
    public void Repeated_user_agents_come_from_the_cache()
    {
        var analyzer = new UserAgentAnalyzer();
        const string ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
        var first = analyzer.Analyze(ua);
        Assert.Same(first, analyzer.Analyze(ua));
        Assert.Equal(1, analyzer.CachedCount);
    }

    [Fact]
    public void Oversized_user_agents_are_truncated_not_rejected()
    {
        var analyzer = new UserAgentAnalyzer(new UserAgentAnalyzerOptions { MaxUserAgentLength = 200 });
        var ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 " + new string('x', 100_000);
        var info = analyzer.Analyze(ua);
        Assert.Equal(("Chrome", "Windows", DeviceType.Desktop), (info.Browser, info.Os, info.Device));
    }

    [Fact]
    public void Concurrent_use_gives_the_same_results_as_sequential()
    {
        var uas = ConformanceData.Cases("test_ua.json").Select(c => c["user_agent_string"] ?? "").Take(400).ToArray();
        var sequential = new UserAgentAnalyzer(new UserAgentAnalyzerOptions { CacheCapacity = 0 });
        var expected = uas.Select(sequential.Analyze).ToArray();

        // A small cache forces rotations while other threads read.
        var shared = new UserAgentAnalyzer(new UserAgentAnalyzerOptions { CacheCapacity = 64, CompileRegexAfterRuns = 5 });
        var actual = new UserAgentInfo[uas.Length];
        Parallel.For(0, uas.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => actual[i % uas.Length] = shared.Analyze(uas[i % uas.Length]));

        Assert.Equal(expected, actual);
        Assert.InRange(shared.CachedCount, 1, 64 + 8);
    }
}
