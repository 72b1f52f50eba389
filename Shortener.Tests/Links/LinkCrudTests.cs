using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using static Shortener.Tests.Links.LinkClient;

namespace Shortener.Tests.Links;

[Collection(LinksCollection.Name)]
public sealed class LinkCrudTests(LinksFixture app)
{
    [Fact]
    public async Task ACustomSlugRedirectsToItsTargetAndGetReturnsItWithTotalClicks()
    {
        var (alice, key) = await app.NewUserAsync();
        var slug = UniqueSlug("Custom_");
        var created = await alice.CreateAsync(new { url = "https://example.com/custom", slug });

        Assert.Equal(slug, created.Slug());
        Assert.Equal(key.UserId, created.GetProperty("owner_id").GetInt64());
        Assert.Equal((HttpStatusCode.Found, "https://example.com/custom"), await app.Anonymous.FollowAsync(slug));
        var fetched = await alice.GetFromJsonAsync<JsonElement>($"/links/{slug}");
        Assert.Equal("https://example.com/custom", fetched.GetProperty("original_url").GetString());
        Assert.True(fetched.TryGetProperty("total_clicks", out var total) && total.ValueKind == JsonValueKind.Number);
    }

    [Fact]
    public async Task ATakenSlugIsAConflictAndTheFirstLinkKeepsIt()
    {
        var slug = UniqueSlug();
        await app.Api.CreateAsync(new { url = "https://example.com/first", slug });
        using var response = await app.Api.PostAsJsonAsync("/links", new { url = "https://example.com/second", slug });

        AssertProblem(response, HttpStatusCode.Conflict);
        Assert.Equal((HttpStatusCode.Found, "https://example.com/first"), await app.Anonymous.FollowAsync(slug));
    }

    [Theory]
    [InlineData("links")]
    [InlineData("Stats")]
    [InlineData("HEALTH")]
    [InlineData("alive")]
    [InlineData("worker")]
    [InlineData("api")]
    [InlineData("api-keys")]
    [InlineData("dashboard")]
    [InlineData("analytics")]
    public async Task AReservedWordCannotBeACustomSlug(string slug)
    {
        using var response = await app.Api.PostAsJsonAsync("/links", new { url = "https://example.com/", slug });
        AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("slug", out _));
    }

    [Fact]
    public async Task GeneratedSlugsSkipIdsWhoseEncodingACustomSlugAlreadyHolds()
    {
        long next;
        await using (var conn = await app.OpenDatabaseAsync())
            next = await conn.ExecuteScalarAsync<long>("SELECT last_value + 1 FROM links_id_seq");
        // Claim the canonical slugs of ids just ahead (the custom inserts take ids too) before the generator gets there.
        var claimed = new HashSet<string>();
        for (var id = next + 6; id < next + 11; id++)
        {
            var slug = app.Slugs.Encode(id);
            await app.Api.CreateAsync(new { url = "https://example.com/custom-squatter", slug });
            claimed.Add(slug);
        }

        for (var i = 0; i < 12; i++)
        {
            var generated = await app.Api.CreateAsync(new { url = $"https://example.com/generated/{i}" });
            Assert.DoesNotContain(generated.Slug(), claimed);
            Assert.Equal(app.Slugs.Encode(generated.GetProperty("id").GetInt64()), generated.Slug());
            Assert.Equal((HttpStatusCode.Found, $"https://example.com/generated/{i}"), await app.Anonymous.FollowAsync(generated.Slug()));
        }
    }

    [Fact]
    public async Task PutChangesOnlyTheNamedFieldsAndNullClearsASetting()
    {
        var slug = (await app.Api.CreateAsync(new { url = "https://example.com/before", max_clicks = 1000, expires_at = DateTimeOffset.UtcNow.AddDays(1) })).Slug();

        using var put = await app.Api.PutAsJsonAsync($"/links/{slug}", new { url = "https://example.com/after", max_clicks = (long?)null });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var updated = await put.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("https://example.com/after", updated.GetProperty("original_url").GetString());
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("max_clicks").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, updated.GetProperty("expires_at").ValueKind);
        Assert.Equal((HttpStatusCode.Found, "https://example.com/after"), await app.Anonymous.FollowAsync(slug));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"url": "javascript:alert(1)"}""")]
    [InlineData("""{"max_clicks": 0}""")]
    [InlineData("""{"expires_at": "2001-01-01T00:00:00Z"}""")]
    [InlineData("""{"password": ""}""")]
    [InlineData("""{"url": null}""")]
    public async Task AnInvalidPutIsAValidationProblemAndChangesNothing(string body)
    {
        var slug = (await app.Api.CreateAsync(new { url = "https://example.com/unchanged" })).Slug();
        using var put = await app.Api.PutAsync($"/links/{slug}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        AssertProblem(put, HttpStatusCode.BadRequest);
        var link = await app.Api.GetFromJsonAsync<JsonElement>($"/links/{slug}");
        Assert.Equal("https://example.com/unchanged", link.GetProperty("original_url").GetString());
    }

    [Fact]
    public async Task DeleteIsSoftTheRedirectAnswers404AndTheSlugIsNotReused()
    {
        var slug = UniqueSlug();
        var created = await app.Api.CreateAsync(new { url = "https://example.com/doomed", slug });
        Assert.Equal(HttpStatusCode.Found, (await app.Anonymous.FollowAsync(slug)).Status);

        using (var delete = await app.Api.DeleteAsync($"/links/{slug}")) Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);

        using (var redirect = await app.Anonymous.GetAsync($"/{slug}")) AssertProblem(redirect, HttpStatusCode.NotFound);
        using (var get = await app.Api.GetAsync($"/links/{slug}")) AssertProblem(get, HttpStatusCode.NotFound);
        using (var again = await app.Api.DeleteAsync($"/links/{slug}")) AssertProblem(again, HttpStatusCode.NotFound);
        using (var reuse = await app.Api.PostAsJsonAsync("/links", new { url = "https://example.com/new", slug })) AssertProblem(reuse, HttpStatusCode.Conflict);
        await using var conn = await app.OpenDatabaseAsync();
        Assert.True(await conn.ExecuteScalarAsync<bool>("SELECT is_deleted FROM links WHERE id = @id", new { id = created.GetProperty("id").GetInt64() }));
    }

    [Fact]
    public async Task TheListPagesThroughTheCallersOwnLinksNewestFirst()
    {
        var (alice, _) = await app.NewUserAsync();
        var (bob, _) = await app.NewUserAsync();
        var mine = new List<string>();
        for (var i = 0; i < 5; i++) mine.Add((await alice.CreateAsync(new { url = $"https://example.com/list/{i}" })).Slug());
        await bob.CreateAsync(new { url = "https://example.com/not-alices" });

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await alice.GetFromJsonAsync<JsonElement>($"/links?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}");
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(l => l.Slug()));
            cursor = page.GetProperty("next_cursor").GetString();
            pages++;
        } while (cursor is not null && pages < 10);

        Assert.Equal(Enumerable.Reverse(mine), seen);
        Assert.Equal(3, pages);
    }

    [Theory]
    [InlineData("?cursor=abc")]
    [InlineData("?cursor=-5")]
    [InlineData("?limit=0")]
    [InlineData("?limit=101")]
    [InlineData("?limit=many")]
    public async Task ABadCursorOrLimitIsAProblem(string query)
    {
        using var response = await app.Api.GetAsync($"/links{query}");
        AssertProblem(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task TheRedirectStatusCodeIsConfigurablePerInstance()
    {
        var slug = (await app.Api.CreateAsync(new { url = "https://example.com/status" })).Slug();
        Assert.Equal((HttpStatusCode.Found, "https://example.com/status"), await app.Anonymous.FollowAsync(slug));
        Assert.Equal((HttpStatusCode.PermanentRedirect, "https://example.com/status"), await app.Anonymous2.FollowAsync(slug));
    }
}
