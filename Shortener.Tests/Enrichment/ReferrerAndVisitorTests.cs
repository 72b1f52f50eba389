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

    [Fact]
    public void TheHashIsTheDocumentedHmacSoHashesStoredBeforeStayComparable()
    {
        // HMAC-SHA256 under HMAC(secret, "visitor-key:yyyy-MM-dd") of "{ip}\n{userAgent}", first 16 bytes; days alternate
        // (a batch across midnight), inputs go past the stack buffer, and missing values hash as empty strings.
        const string secret = "a-secret-of-sufficient-length";
        var hasher = new VisitorHasher(secret);
        var day = new DateTimeOffset(2026, 11, 22, 23, 59, 0, TimeSpan.Zero);
        var cases = new (string? Ip, string? Ua, DateTimeOffset At)[]
        {
            ("198.51.100.7", "Mozilla/5.0", day), ("198.51.100.7", "Mozilla/5.0", day.AddMinutes(2)), ("2001:db8::1", "ü", day),
            (null, null, day.AddMinutes(2)), ("8.8.8.8", new string('é', 2000), day), ("8.8.8.8", "a", day.AddDays(-3)),
        };
        foreach (var (ip, ua, at) in cases)
        {
            var key = System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret),
                System.Text.Encoding.UTF8.GetBytes($"visitor-key:{at.UtcDateTime:yyyy-MM-dd}"));
            var expected = System.Security.Cryptography.HMACSHA256.HashData(key, System.Text.Encoding.UTF8.GetBytes($"{ip}\n{ua}"))[..16];
            Assert.Equal(expected, hasher.Hash(ip, ua, at));
        }
    }

    [Fact]
    public async Task HashingFromManyThreadsAtOnceGivesTheSameHashes()
    {
        var hasher = new VisitorHasher("a-secret-of-sufficient-length");
        var at = new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
        var expected = Enumerable.Range(0, 200).Select(i => hasher.Hash($"10.0.0.{i}", "ua", at.AddDays(i % 3))).ToArray();
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 200).Select(i => hasher.Hash($"10.0.0.{i}", "ua", at.AddDays(i % 3))).ToArray())));
        foreach (var result in results) Assert.Equal(expected, result);
    }
}
