using System.Net;
using System.Net.Http.Json;
using Dapper;
using Shortener.Core.Links;
using Shortener.Tests.Infrastructure;
using StackExchange.Redis;
using static Shortener.Tests.Links.LinkClient;

namespace Shortener.Tests.Links;

/// <summary>
/// Targets are stored in the ASCII form browsers send, so every redirect can put them in Location as they are; before,
/// a non-ASCII target was accepted and then every redirect of it answered 500 while still counting clicks.
/// </summary>
[Collection(LinksCollection.Name)]
public sealed class TargetEncodingTests(LinksFixture app)
{
    [Theory]
    [InlineData("https://пример.рф/", "https://xn--e1afmkfd.xn--p1ai/")]
    [InlineData("https://example.com/é", "https://example.com/%C3%A9")]
    [InlineData("https://Bücher.example/straße?q=ü#größe", "https://xn--bcher-kva.example/stra%C3%9Fe?q=%C3%BC#gr%C3%B6%C3%9Fe")]
    [InlineData("https://ｅｘａｍｐｌｅ．com/", "https://example.com/")]
    [InlineData("https://example.com/emoji/🔥", "https://example.com/emoji/%F0%9F%94%A5")]
    [InlineData("https://example.com/already%20encoded?a=b&c", "https://example.com/already%20encoded?a=b&c")]
    public async Task ANonAsciiTargetIsStoredAndSentInItsAsciiForm(string url, string ascii)
    {
        var link = await app.Api.CreateAsync(new { url });
        Assert.Equal(ascii, link.GetProperty("original_url").GetString());

        Assert.Equal((HttpStatusCode.Found, ascii), await app.Anonymous.FollowAsync(link.Slug()));
        Assert.Equal(HttpStatusCode.Found, (await app.Anonymous.FollowAsync(link.Slug(), HttpMethod.Head)).Status);
    }

    [Fact]
    public async Task PutStoresTheAsciiFormToo()
    {
        var slug = (await app.Api.CreateAsync(new { url = "https://example.com/before" })).Slug();
        using var put = await app.Api.PutAsJsonAsync($"/links/{slug}", new { url = "https://пример.рф/после" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var expected = "https://xn--e1afmkfd.xn--p1ai/%D0%BF%D0%BE%D1%81%D0%BB%D0%B5";
        Assert.Equal(expected, (await put.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("original_url").GetString());
        await Eventually.WaitForAsync(() => app.Anonymous.FollowAsync(slug), r => r.Location == expected, TimeSpan.FromSeconds(10),
            "the redirect to the new target");
    }

    [Fact]
    public async Task APasswordLinkToANonAsciiTargetRedirectsAndCountsEachClickOnce()
    {
        var link = await app.Api.CreateAsync(new { url = "https://пример.рф/é", password = "pw", max_clicks = 2 });
        var form = () => new FormUrlEncodedContent([KeyValuePair.Create("password", "pw")]);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await app.Anonymous.PostAsync($"/{link.Slug()}", form());
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.SeeOther)
                Assert.Equal("https://xn--e1afmkfd.xn--p1ai/%C3%A9", response.Headers.Location!.OriginalString);
            else Assert.Null(response.Headers.Location);
        }

        Assert.Equal([HttpStatusCode.SeeOther, HttpStatusCode.SeeOther, HttpStatusCode.Gone], statuses);
        Assert.Equal(2, await app.WaitForStoredClicksAsync(link.GetProperty("id").GetInt64(), 2));
    }

    [Fact]
    public async Task ANonAsciiTargetStoredBeforeTheRuleIsSentInItsAsciiForm()
    {
        var link = await app.Api.CreateAsync(new { url = "https://example.com/placeholder" });
        await SetStoredTargetAsync(link.GetProperty("id").GetInt64(), "https://пример.рф/é");

        Assert.Equal((HttpStatusCode.Found, "https://xn--e1afmkfd.xn--p1ai/%C3%A9"), await app.Anonymous.FollowAsync(link.Slug()));
    }

    [Fact]
    public async Task ARedirectThatCannotBeSentTakesNoClickAndNoQuota()
    {
        var link = await app.Api.CreateAsync(new { url = "https://example.com/placeholder", max_clicks = 1 });
        var id = link.GetProperty("id").GetInt64();
        // A target stored before invisible characters were refused: it is not followed, and nothing is counted.
        await SetStoredTargetAsync(id, "https://example.com/\u202Egnp.exe");

        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous.FollowAsync(link.Slug())).Status);
        var redis = await ConnectionMultiplexer.ConnectAsync(app.CacheConnectionString);
        Assert.False(await redis.GetDatabase().KeyExistsAsync($"served:{id}"));

        // Its owner fixes the target: the one click the limit allows is still there.
        using var put = await app.Api.PutAsJsonAsync($"/links/{link.Slug()}", new { url = "https://example.com/fixed" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var first = await Eventually.WaitForAsync(() => app.Anonymous.FollowAsync(link.Slug()), r => r.Status != HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(15), "the fixed link to redirect");
        Assert.Equal((HttpStatusCode.Found, "https://example.com/fixed"), first);
        Assert.Equal(HttpStatusCode.Gone, (await app.Anonymous.FollowAsync(link.Slug())).Status);
        Assert.Equal(1, await app.WaitForStoredClicksAsync(id, 1));
        Assert.Equal(1, await app.StoredClicksAsync(id));
    }

    [Fact]
    public void TheRulesGiveEachRefusalItsReason()
    {
        Assert.Contains("invisible or bidirectional", TargetUrl.Validate("https://example.com/a\u2066b"));
        Assert.Contains("invisible or bidirectional", TargetUrl.Validate("https://ex\u3164ample.com/"));
        Assert.Contains("not valid Unicode", TargetUrl.Validate("https://example.com/\uD800"));
        Assert.Contains("domain name", TargetUrl.Validate("https://пример..рф/"));
        Assert.Contains("once its non-ASCII", TargetUrl.Validate("https://example.com/" + new string('é', 1500)));
        Assert.Null(TargetUrl.Validate("https://[2001:db8::1]:8443/é"));
        Assert.Equal("https://[2001:db8::1]:8443/%C3%A9", TargetUrl.ToAscii("https://[2001:db8::1]:8443/é"));
        Assert.Equal("http://xn--e1afmkfd.xn--p1ai:8080/", TargetUrl.ToAscii("http://ПРИМЕР.рф:8080/"));
    }

    /// <summary>Writes a target as an older version would have stored it, behind the API's back (no cache holds it yet).</summary>
    private async Task SetStoredTargetAsync(long id, string url)
    {
        await using var conn = await app.OpenDatabaseAsync();
        await conn.ExecuteAsync("UPDATE links SET original_url = @url WHERE id = @id", new { id, url });
    }
}
