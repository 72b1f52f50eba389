using Shortener.Core.Enrichment.Referrers;
using Shortener.Core.Enrichment.Visitors;

namespace Shortener.Tests.Enrichment;

public sealed class ReferrerAndVisitorTests
{
    [Theory]
    [InlineData(null, "direct")]
    [InlineData("", "direct")]
    [InlineData("not a url", "direct")]
    [InlineData("https://www.Google.com/search?q=x", "google.com")]
    [InlineData("http://news.ycombinator.com/item?id=1", "news.ycombinator.com")]
    [InlineData("https://t.co/abc", "t.co")]
    [InlineData("android-app://com.slack", "com.slack")]
    [InlineData("https://bücher.example/", "xn--bcher-kva.example")]
    public void ReferrersAreNormalisedToTheirSite(string? referrer, string expected) => Assert.Equal(expected, ReferrerHost.Normalise(referrer));

    [Fact]
    public void TheSameVisitorHashesAlikeWithinADayAndDifferentlyAcrossDays()
    {
        var hasher = new VisitorHasher("a-secret-of-sufficient-length");
        var morning = new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
        var evening = morning.AddHours(12);
        var tomorrow = morning.AddDays(1);
        const string ua = "Mozilla/5.0";

        Assert.Equal(hasher.Hash("198.51.100.7", ua, morning), hasher.Hash("198.51.100.7", ua, evening));
        Assert.NotEqual(hasher.Hash("198.51.100.7", ua, morning), hasher.Hash("198.51.100.7", ua, tomorrow));
        Assert.NotEqual(hasher.Hash("198.51.100.7", ua, morning), hasher.Hash("198.51.100.8", ua, morning));
        Assert.NotEqual(hasher.Hash("198.51.100.7", ua, morning), hasher.Hash("198.51.100.7", "curl/8.0", morning));
    }

    [Fact]
    public void ADifferentSecretGivesUnrelatedHashes()
    {
        var at = new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
        Assert.NotEqual(new VisitorHasher("first-secret-xxxxxxxx").Hash("8.8.8.8", "ua", at),
            new VisitorHasher("second-secret-xxxxxxx").Hash("8.8.8.8", "ua", at));
    }
}
