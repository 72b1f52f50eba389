using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Shortener.Tests.Infrastructure;
using static Shortener.Tests.Links.LinkClient;

namespace Shortener.Tests.Links;

/// <summary>Rules, A/B variants and UTM on a link (issue 15), through the real redirect, caches, worker and stats.</summary>
[Collection(LinksCollection.Name)]
public sealed class LinkRoutingTests(LinksFixture app)
{
    private const string IPhone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
    private const string Pixel = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36";
    private const string Windows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

    private static async Task<string?> VisitAsync(HttpClient client, string path, string? ua = null, string? ip = null, string? language = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (ua is not null) request.Headers.TryAddWithoutValidation("User-Agent", ua);
        if (ip is not null) request.Headers.TryAddWithoutValidation("X-Forwarded-For", ip);
        if (language is not null) request.Headers.TryAddWithoutValidation("Accept-Language", language);
        using var response = await client.SendAsync(request);
        Assert.True((int)response.StatusCode is 302 or 308, $"{(int)response.StatusCode} for {path}");
        return response.Headers.Location?.OriginalString;
    }

    [Fact]
    public async Task DeviceCountryAndLanguageRulesSendEachVisitorToTheFirstRuleThatMatches()
    {
        var slug = (await app.Api.CreateAsync(new
        {
            url = "https://example.com/default",
            rules = new object[]
            {
                new { when = new { device = new[] { "ios" } }, url = "https://apps.apple.com/app/x" },
                new { when = new { device = new[] { "android" }, country = new[] { "de" } }, url = "https://play.google.com/de" },
                new { when = new { language = new[] { "fr" } }, url = "https://example.com/fr" },
                new { when = new { country = new[] { "JP" } }, url = "https://example.jp/" },
            },
        })).Slug();

        Assert.Equal("https://apps.apple.com/app/x", await VisitAsync(app.Anonymous2, $"/{slug}", IPhone));
        Assert.Equal("https://play.google.com/de", await VisitAsync(app.Anonymous2, $"/{slug}", Pixel, "85.214.0.1"));
        Assert.Equal("https://example.com/default", await VisitAsync(app.Anonymous2, $"/{slug}", Pixel, "8.8.8.8"));
        Assert.Equal("https://example.com/fr", await VisitAsync(app.Anonymous2, $"/{slug}", Windows, "133.11.0.1", "fr-CH, en;q=0.8"));
        Assert.Equal("https://example.jp/", await VisitAsync(app.Anonymous2, $"/{slug}", Windows, "133.11.0.1", "en, fr;q=0.5"));
        Assert.Equal("https://example.com/default", await VisitAsync(app.Anonymous2, $"/{slug}", Windows));
    }

    [Fact]
    public async Task QueryAndTimeRulesAndALinkWithoutRulesIsUnchanged()
    {
        var slug = (await app.Api.CreateAsync(new
        {
            url = "https://example.com/default",
            rules = new object[]
            {
                new { when = new { query = new Dictionary<string, string> { ["ref"] = "qr" } }, url = "https://example.com/from-qr" },
                new { when = new { after = DateTimeOffset.UtcNow.AddDays(1) }, url = "https://example.com/tomorrow" },
                new { when = new { before = DateTimeOffset.UtcNow.AddDays(1) }, url = "https://example.com/today" },
            },
        })).Slug();
        Assert.Equal("https://example.com/from-qr", await VisitAsync(app.Anonymous, $"/{slug}?ref=qr"));
        Assert.Equal("https://example.com/today", await VisitAsync(app.Anonymous, $"/{slug}?ref=mail"));

        var plain = (await app.Api.CreateAsync(new { url = "https://example.com/plain?a=1" })).Slug();
        Assert.Equal("https://example.com/plain?a=1", await VisitAsync(app.Anonymous, $"/{plain}", IPhone));
        Assert.Equal("https://example.com/plain?a=1", await VisitAsync(app.Anonymous, $"/{plain}?page=2"));
    }

    [Fact]
    public async Task InvalidRulesVariantsAndUtmAre400sNamingTheRuleAndFieldAndStoreNothing()
    {
        var before = await app.CountAsync("links");
        async Task<JsonElement> RefusedAsync(object body)
        {
            using var response = await app.Api.PostAsJsonAsync("/links", body);
            AssertProblem(response, HttpStatusCode.BadRequest);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        }

        var errors = await RefusedAsync(new
        {
            url = "https://example.com/",
            rules = new object[]
            {
                new { when = new { device = new[] { "ios" } }, url = "https://ok.example/" },
                new { when = new { device = new[] { "fridge" } }, url = "javascript:alert(1)" },
                new { when = new { }, url = "https://ok.example/" },
                new { when = new { country = new[] { "Germany" }, after = "2030-01-02T00:00:00Z", before = "2030-01-01T00:00:00Z" }, url = "https://ok.example/" },
            },
        });
        Assert.Equal(["rules[1].url", "rules[1].when.device", "rules[2].when", "rules[3].when.after", "rules[3].when.country"],
            errors.EnumerateObject().Select(p => p.Name).Order());

        var tooMany = await RefusedAsync(new
        {
            url = "https://example.com/",
            rules = Enumerable.Range(0, 21).Select(_ => new { when = new { device = new[] { "ios" } }, url = "https://ok.example/" }),
        });
        Assert.True(tooMany.TryGetProperty("rules", out _));

        var variants = await RefusedAsync(new { url = "https://example.com/", variants = new[] { new { url = "https://a.example/", weight = 60 }, new { url = "https://b.example/", weight = 30 } } });
        Assert.Contains("add up to 100", variants.GetProperty("variants")[0].GetString());

        var utm = await RefusedAsync(new { url = "https://example.com/", utm = new { source = new string('x', 201) }, tags = new[] { "Ok", "not ok!" } });
        Assert.True(utm.TryGetProperty("utm.source", out _));
        Assert.True(utm.TryGetProperty("tags", out _));
        Assert.Equal(before, await app.CountAsync("links"));
    }

    [Fact]
    public async Task VariantsSplitTrafficAndKeepEachVisitorOnOneVariant()
    {
        var slug = (await app.Api.CreateAsync(new
        {
            url = "https://example.com/control",
            variants = new[] { new { url = "https://a.example/", weight = 50 }, new { url = "https://b.example/", weight = 50 } },
        })).Slug();
        var seen = new Dictionary<string, int>();
        for (var i = 0; i < 60; i++)
        {
            var ip = $"198.51.100.{i}";
            var first = await VisitAsync(app.Anonymous2, $"/{slug}", Windows, ip);
            Assert.Equal(first, await VisitAsync(app.Anonymous2, $"/{slug}", Windows, ip));
            seen[first!] = seen.GetValueOrDefault(first!) + 1;
        }
        Assert.Equal(["https://a.example/", "https://b.example/"], seen.Keys.Order());
        Assert.All(seen.Values, n => Assert.InRange(n, 15, 45));
    }

    [Fact]
    public async Task UtmIsAppendedAndTheShortUrlsOwnUtmIsPassedOnAndRecordedWithTheRuleAndVariantInTheStats()
    {
        var created = await app.Api.CreateAsync(new
        {
            url = "https://example.com/landing?utm_medium=partner",
            utm = new { source = "newsletter", medium = "email", campaign = "launch-2026" },
            rules = new object[] { new { when = new { device = new[] { "ios" } }, url = "https://apps.apple.com/app/x" } },
            variants = new[] { new { url = "https://a.example/", weight = 50 }, new { url = "https://b.example/", weight = 50 } },
        });
        var slug = created.Slug();
        Assert.Equal("launch-2026", created.GetProperty("utm").GetProperty("campaign").GetString());

        Assert.Equal("https://apps.apple.com/app/x?utm_source=newsletter&utm_medium=email&utm_campaign=launch-2026",
            await VisitAsync(app.Anonymous, $"/{slug}", IPhone));
        Assert.Equal("https://apps.apple.com/app/x?utm_source=twitter&utm_medium=email&utm_campaign=launch-2026",
            await VisitAsync(app.Anonymous, $"/{slug}?utm_source=twitter", IPhone));
        var variant = await VisitAsync(app.Anonymous, $"/{slug}", Windows);
        Assert.Matches(@"^https://[ab]\.example/\?utm_source=newsletter&utm_medium=email&utm_campaign=launch-2026$", variant);

        // A link without utm passes the short URL's on, and nothing else of its query.
        var plain = await app.Api.CreateAsync(new { url = "https://example.com/plain" });
        Assert.Equal("https://example.com/plain?utm_campaign=spring", await VisitAsync(app.Anonymous, $"/{plain.Slug()}?utm_campaign=spring&x=1"));

        var id = created.GetProperty("id").GetInt64();
        await app.WaitForStoredClicksAsync(id, 3);
        await using (var conn = await app.OpenDatabaseAsync())
        {
            var rows = (await conn.QueryAsync<(short? Rule, short? Variant, string? Source, string? Medium, string? Campaign)>(
                "SELECT rule, variant, utm_source, utm_medium, utm_campaign FROM clicks WHERE link_id = @id ORDER BY occurred_at", new { id })).ToList();
            Assert.Equal([((short?)0, (short?)null, "newsletter", "email", "launch-2026"), (0, null, "twitter", "email", "launch-2026")], rows.Take(2));
            Assert.Equal((null, "newsletter"), (rows[2].Rule, rows[2].Source));
            Assert.NotNull(rows[2].Variant);
        }

        var stats = await app.Api.GetFromJsonAsync<JsonElement>($"/links/{slug}/stats");
        Assert.Equal("""[{"value":"0","clicks":2},{"value":"(default)","clicks":1}]""", stats.GetProperty("rules").GetRawText());
        Assert.Equal(1, stats.GetProperty("variants").EnumerateArray().Sum(v => v.GetProperty("clicks").GetInt64()));
        Assert.Equal("""[{"value":"newsletter","clicks":2},{"value":"twitter","clicks":1}]""", stats.GetProperty("utm_source").GetRawText());
        Assert.Equal("""[{"value":"email","clicks":3}]""", stats.GetProperty("utm_medium").GetRawText());
        Assert.Equal("""[{"value":"launch-2026","clicks":3}]""", stats.GetProperty("utm_campaign").GetRawText());

        var plainId = plain.GetProperty("id").GetInt64();
        await app.WaitForStoredClicksAsync(plainId, 1);
        var plainStats = await app.Api.GetFromJsonAsync<JsonElement>($"/links/{plain.Slug()}/stats");
        Assert.Equal("[]", plainStats.GetProperty("rules").GetRawText());
        Assert.Equal("""[{"value":"spring","clicks":1}]""", plainStats.GetProperty("utm_campaign").GetRawText());
    }

    [Fact]
    public async Task ChangingRulesReachesBothInstancesAndTheRedisCopyAndClearingThemRestoresTheUrl()
    {
        var slug = (await app.Api.CreateAsync(new { url = "https://example.com/v1" })).Slug();
        Assert.Equal("https://example.com/v1", await VisitAsync(app.Anonymous2, $"/{slug}", IPhone));

        using (var put = await app.Api.PutAsJsonAsync($"/links/{slug}", new { rules = new[] { new { when = new { device = new[] { "ios" } }, url = "https://apps.apple.com/v2" } } }))
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        await Eventually.WaitForAsync(() => VisitAsync(app.Anonymous2, $"/{slug}", IPhone), l => l == "https://apps.apple.com/v2",
            TimeSpan.FromSeconds(10), "the new rule on api2");
        Assert.Equal("https://apps.apple.com/v2", await VisitAsync(app.Anonymous, $"/{slug}", IPhone));
        Assert.Equal("https://example.com/v1", await VisitAsync(app.Anonymous, $"/{slug}", Windows));

        using (var put = await app.Api.PutAsJsonAsync($"/links/{slug}", new { rules = (object?)null }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            Assert.Equal("[]", (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rules").GetRawText());
        }
        await Eventually.WaitForAsync(() => VisitAsync(app.Anonymous2, $"/{slug}", IPhone), l => l == "https://example.com/v1",
            TimeSpan.FromSeconds(10), "the rule gone on api2");
    }
}
