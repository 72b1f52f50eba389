using Dapper;
using Shortener.Core.Clicks;
using Shortener.Tests.Infrastructure;
using StackExchange.Redis;

namespace Shortener.Tests.Pipeline;

/// <summary>Clicks come out of the worker enriched once: country, referrer site, browser, OS, device, bot, visitor hash.</summary>
[Collection(AppCollection.Name)]
public sealed class EnrichmentPipelineTests(AppFixture app)
{
    private const string IPhone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
    private const string Googlebot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    private const string WindowsChrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

    private sealed record StoredClick(string? Country, string? ReferrerHost, string? Browser, string? Os, string? DeviceType, bool IsBot, byte[]? VisitorHash);

    [Fact]
    public async Task ARedirectIsStoredWithItsBrowserOsDeviceAndReferrerSite()
    {
        var link = await app.CreateLinkAsync("https://example.com/enriched");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/{link.Slug}");
        request.Headers.TryAddWithoutValidation("User-Agent", IPhone);
        request.Headers.Referrer = new Uri("https://www.google.com/search?q=shortener");
        using (await app.Anonymous.SendAsync(request)) { }

        await app.WaitForStoredClicksAsync(link.Id, 1);
        var row = Assert.Single(await RowsAsync(link.Id));
        Assert.Equal(("Mobile Safari", "iOS", "mobile", "google.com", false), (row.Browser, row.Os, row.DeviceType, row.ReferrerHost, row.IsBot));
        Assert.Null(row.Country); // the test client is on loopback, which has no country
        Assert.Equal(16, row.VisitorHash!.Length);
    }

    [Fact]
    public async Task PublicAddressesGetTheirCountryAndBotsAreMarked()
    {
        var link = await app.CreateLinkAsync("https://example.com/countries");
        var redis = await ConnectionMultiplexer.ConnectAsync(app.CacheConnectionString);
        var now = DateTimeOffset.UtcNow;
        foreach (var (ip, ua) in new[] { ("8.8.8.8", Googlebot), ("193.0.6.139", WindowsChrome), ("133.11.0.1", IPhone) })
            await redis.GetDatabase().StreamAddAsync(ClickStream.Key,
                ClickEventCodec.ToEntries(new ClickEvent(Guid.NewGuid(), link.Id, now, ip, ua, null, null)));
        await redis.DisposeAsync();

        await app.WaitForStoredClicksAsync(link.Id, 3);
        var rows = (await RowsAsync(link.Id)).OrderBy(r => r.Country).ToList();
        Assert.Equal(["JP", "NL", "US"], rows.Select(r => r.Country));
        Assert.Equal([false, false, true], rows.Select(r => r.IsBot));
        Assert.Equal(["mobile", "desktop", "bot"], rows.Select(r => r.DeviceType));
        Assert.Equal(["Mobile Safari", "Chrome", "Googlebot"], rows.Select(r => r.Browser));
        Assert.All(rows, r => Assert.Equal("direct", r.ReferrerHost));
    }

    [Fact]
    public async Task NoRawIpAddressReachesPostgres()
    {
        var link = await app.CreateLinkAsync("https://example.com/privacy");
        var redis = await ConnectionMultiplexer.ConnectAsync(app.CacheConnectionString);
        await redis.GetDatabase().StreamAddAsync(ClickStream.Key,
            ClickEventCodec.ToEntries(new ClickEvent(Guid.NewGuid(), link.Id, DateTimeOffset.UtcNow, "198.51.100.77", WindowsChrome, null, null)));
        await redis.DisposeAsync();
        await app.WaitForStoredClicksAsync(link.Id, 1);

        await using var conn = await app.OpenDatabaseAsync();
        var leaked = await conn.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM clicks WHERE link_id = @Id AND row_to_json(clicks)::text LIKE '%198.51.100.77%'", new { link.Id });
        Assert.Equal(0, leaked);
    }

    private async Task<List<StoredClick>> RowsAsync(long linkId)
    {
        await using var conn = await app.OpenDatabaseAsync();
        return (await conn.QueryAsync<StoredClick>("""
            SELECT country AS Country, referrer_host AS ReferrerHost, browser AS Browser, os AS Os, device_type AS DeviceType,
                   is_bot AS IsBot, visitor_hash AS VisitorHash
            FROM clicks WHERE link_id = @linkId
            """, new { linkId })).ToList();
    }
}
