using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shortener.Tests.Infrastructure;
using static Shortener.Tests.Links.LinkClient;

namespace Shortener.Tests.Links;

/// <summary>Tags with their own statistics, and bulk creation (issue 15).</summary>
[Collection(LinksCollection.Name)]
public sealed class LinkTagsAndBulkTests(LinksFixture app)
{
    [Fact]
    public async Task TagsFilterLinksAndTheTagPagesCountLinksAndClicksOfTheCallersLinksOnly()
    {
        var (alice, _) = await app.NewUserAsync();
        var (bob, _) = await app.NewUserAsync();
        var a1 = await alice.CreateAsync(new { url = "https://example.com/a1", tags = new[] { "Launch", "q4" }, title = "First" });
        var a2 = await alice.CreateAsync(new { url = "https://example.com/a2", tags = new[] { "launch" }, utm = new { campaign = "winter" } });
        await alice.CreateAsync(new { url = "https://example.com/a3" });
        await bob.CreateAsync(new { url = "https://example.com/b1", tags = new[] { "launch" } });
        Assert.Equal(["launch", "q4"], a1.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("First", a1.GetProperty("title").GetString());

        var tagged = await alice.GetFromJsonAsync<JsonElement>("/links?tag=launch");
        Assert.Equal([a2.Slug(), a1.Slug()], tagged.GetProperty("items").EnumerateArray().Select(l => l.Slug()));
        var campaign = await alice.GetFromJsonAsync<JsonElement>("/links?utm_campaign=winter");
        Assert.Equal([a2.Slug()], campaign.GetProperty("items").EnumerateArray().Select(l => l.Slug()));
        using (var bad = await alice.GetAsync("/links?tag=" + Uri.EscapeDataString("not a tag")))
            AssertProblem(bad, HttpStatusCode.BadRequest);

        foreach (var slug in new[] { a1.Slug(), a1.Slug(), a2.Slug() }) await app.Anonymous.FollowAsync(slug);
        await app.WaitForStoredClicksAsync(a1.GetProperty("id").GetInt64(), 2);
        await app.WaitForStoredClicksAsync(a2.GetProperty("id").GetInt64(), 1);

        var stats = await alice.GetFromJsonAsync<JsonElement>("/tags/launch/stats");
        Assert.Equal("launch", stats.GetProperty("tag").GetString());
        Assert.Equal(3, stats.GetProperty("total_clicks").GetInt64());
        Assert.Equal(3, stats.GetProperty("daily").EnumerateArray().Sum(d => d.GetProperty("clicks").GetInt64()));
        Assert.Equal(2, (await alice.GetFromJsonAsync<JsonElement>("/tags/q4/stats?include_bots=true")).GetProperty("total_clicks").GetInt64());
        using (var none = await bob.GetAsync("/tags/q4/stats")) AssertProblem(none, HttpStatusCode.NotFound);

        // Link and click counts: clicks are links.total_clicks, which the rollup keeps.
        await Eventually.WaitForAsync(() => alice.GetFromJsonAsync<JsonElement>("/tags"),
            t => t.GetProperty("items").GetRawText() == """[{"tag":"launch","links":2,"clicks":3},{"tag":"q4","links":1,"clicks":2}]""",
            TimeSpan.FromSeconds(90), "alice's tags with their clicks rolled up");
        Assert.Equal("""[{"tag":"launch","links":1,"clicks":0}]""", (await bob.GetFromJsonAsync<JsonElement>("/tags")).GetProperty("items").GetRawText());

        using (var put = await alice.PutAsJsonAsync($"/links/{a1.Slug()}", new { tags = new[] { "q4" } }))
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal([a2.Slug()], (await alice.GetFromJsonAsync<JsonElement>("/links?tag=launch")).GetProperty("items").EnumerateArray().Select(l => l.Slug()));
    }

    [Fact]
    public async Task BulkCreateAnswers207WithOneResultPerItemAndCreatesTheValidOnes()
    {
        var (client, _) = await app.NewUserAsync();
        var taken = (await client.CreateAsync(new { url = "https://example.com/taken", slug = UniqueSlug("taken") })).Slug();
        var custom = UniqueSlug("bulk");
        object[] items =
        [
            new { url = "https://example.com/1" },
            new { url = "javascript:alert(1)" },
            new { url = "https://example.com/3", slug = custom, tags = new[] { "bulk" } },
            new { url = "https://example.com/4", slug = taken },
            new { url = "https://example.com/5", slug = custom },
            new { url = "https://example.com/6", rules = new[] { new { when = new { device = new[] { "ios" } }, url = "https://apps.apple.com/6" } } },
        ];
        using var response = await client.PostAsJsonAsync("/links/bulk", items);
        Assert.Equal((HttpStatusCode)207, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((3, 3), (body.GetProperty("created").GetInt32(), body.GetProperty("failed").GetInt32()));
        var results = body.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2, 3, 4, 5], results.Select(r => r.GetProperty("index").GetInt32()));
        Assert.Equal([201, 400, 201, 409, 409, 201], results.Select(r => r.GetProperty("status").GetInt32()));
        Assert.True(results[1].GetProperty("problem").GetProperty("errors").TryGetProperty("url", out _));
        Assert.Equal(custom, results[2].GetProperty("link").Slug());

        foreach (var created in results.Where(r => r.GetProperty("status").GetInt32() == 201).Select(r => r.GetProperty("link")))
            Assert.Equal(HttpStatusCode.Found, (await app.Anonymous.FollowAsync(created.Slug())).Status);
        Assert.Equal("https://apps.apple.com/6", await RedirectAsIPhoneAsync(results[5].GetProperty("link").Slug()));
    }

    [Fact]
    public async Task BulkCreateTakesAThousandLinksAndRefusesMoreOrAnEmptyOrMalformedBody()
    {
        var (client, _) = await app.NewUserAsync();
        var items = Enumerable.Range(0, 1000).Select(i => new { url = $"https://example.com/bulk/{i}", tags = new[] { "thousand" } }).ToList();
        using (var response = await client.PostAsJsonAsync("/links/bulk", items))
        {
            Assert.Equal((HttpStatusCode)207, response.StatusCode);
            Assert.Equal(1000, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("created").GetInt32());
        }
        Assert.Equal("""[{"tag":"thousand","links":1000,"clicks":0}]""", (await client.GetFromJsonAsync<JsonElement>("/tags")).GetProperty("items").GetRawText());

        var before = await app.CountAsync("links");
        using (var tooMany = await client.PostAsJsonAsync("/links/bulk", items.Append(items[0])))
            AssertProblem(tooMany, HttpStatusCode.BadRequest);
        using (var empty = await client.PostAsJsonAsync("/links/bulk", Array.Empty<object>()))
            AssertProblem(empty, HttpStatusCode.BadRequest);
        using (var malformed = await client.PostAsync("/links/bulk", new StringContent("""[{"url": 5}]""", System.Text.Encoding.UTF8, "application/json")))
            AssertProblem(malformed, HttpStatusCode.BadRequest);
        using (var notJson = await client.PostAsync("/links/bulk", new StringContent("url=https://example.com")))
            AssertProblem(notJson, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(before, await app.CountAsync("links"));
    }

    private async Task<string?> RedirectAsIPhoneAsync(string slug)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/{slug}");
        request.Headers.TryAddWithoutValidation("User-Agent", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1");
        using var response = await app.Anonymous.SendAsync(request);
        return response.Headers.Location?.OriginalString;
    }
}
