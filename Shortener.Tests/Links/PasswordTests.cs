using System.Net;
using Dapper;
using static Shortener.Tests.Links.LinkClient;

namespace Shortener.Tests.Links;

[Collection(LinksCollection.Name)]
public sealed class PasswordTests(LinksFixture app)
{
    private static FormUrlEncodedContent Form(string password) => new([KeyValuePair.Create("password", password)]);

    [Fact]
    public async Task AProtectedLinkShowsAFormAndTheRightPasswordRedirects()
    {
        var slug = (await app.Api.CreateAsync(new { url = "https://example.com/secret", password = "correct horse" })).Slug();

        using var page = await app.Anonymous.GetAsync($"/{slug}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<form method=\"post\"", html);
        Assert.Contains("name=\"password\"", html);
        Assert.DoesNotContain("example.com/secret", html);

        using var unlocked = await app.Anonymous.PostAsync($"/{slug}", Form("correct horse"));
        Assert.Equal(HttpStatusCode.SeeOther, unlocked.StatusCode);
        Assert.Equal("https://example.com/secret", unlocked.Headers.Location?.ToString());
    }

    [Fact]
    public async Task AWrongPasswordIs401AndDoesNotRevealTheTarget()
    {
        var slug = (await app.Api.CreateAsync(new { url = "https://example.com/hidden", password = "right" })).Slug();

        using var wrong = await app.Anonymous.PostAsync($"/{slug}", Form("wrong"));
        AssertProblem(wrong, HttpStatusCode.Unauthorized);
        Assert.Null(wrong.Headers.Location);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/{slug}") { Content = Form("wrong") };
        request.Headers.Accept.ParseAdd("text/html");
        using var browser = await app.Anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, browser.StatusCode);
        Assert.Contains("not right", await browser.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ThePasswordIsStoredAsASaltedPbkdf2Hash()
    {
        var a = await app.Api.CreateAsync(new { url = "https://example.com/a", password = "same password" });
        var b = await app.Api.CreateAsync(new { url = "https://example.com/b", password = "same password" });

        await using var conn = await app.OpenDatabaseAsync();
        var hashes = (await conn.QueryAsync<string>("SELECT password_hash FROM links WHERE slug = ANY(@slugs)",
            new { slugs = new[] { a.Slug(), b.Slug() } })).ToList();
        Assert.Equal(2, hashes.Count);
        Assert.All(hashes, h => Assert.StartsWith("pbkdf2-sha256$210000$", h));
        Assert.All(hashes, h => Assert.DoesNotContain("same password", h));
        Assert.NotEqual(hashes[0], hashes[1]);
        Assert.True(a.GetProperty("password_protected").GetBoolean());
    }

    [Fact]
    public async Task WrongGuessesAreRateLimitedPerLinkAndClientAndForwardedForIsNotTrustedByDefault()
    {
        var slug = (await app.Api.CreateAsync(new { url = "https://example.com/guarded", password = "right" })).Slug();
        for (var i = 0; i < 5; i++)
        {
            using var guess = await app.Anonymous.PostAsync($"/{slug}", Form($"guess-{i}"));
            Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
        }

        // A different X-Forwarded-For each time changes nothing: this app does not trust the header.
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/{slug}") { Content = Form("right") };
        request.Headers.Add("X-Forwarded-For", "203.0.113.77");
        using var limited = await app.Anonymous.SendAsync(request);
        AssertProblem(limited, HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));

        // Another link's bucket is untouched.
        var other = (await app.Api.CreateAsync(new { url = "https://example.com/other", password = "right" })).Slug();
        using var fine = await app.Anonymous.PostAsync($"/{other}", Form("right"));
        Assert.Equal(HttpStatusCode.SeeOther, fine.StatusCode);
    }

    [Fact]
    public async Task PasswordPagesCannotBeFramedSniffedCachedOrLeakTheirAddress()
    {
        var slug = (await app.Api.CreateAsync(new { url = "https://example.com/headers", password = "right" })).Slug();
        using var form = await app.Anonymous.GetAsync($"/{slug}");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/{slug}") { Content = Form("wrong") };
        request.Headers.Accept.ParseAdd("text/html");
        using var error = await app.Anonymous.SendAsync(request);

        foreach (var (page, status) in new[] { (form, HttpStatusCode.OK), (error, HttpStatusCode.Unauthorized) })
        {
            Assert.Equal(status, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
            Assert.True(page.Headers.CacheControl?.NoStore);
        }
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded; charset=utf-7")]
    [InlineData("application/x-www-form-urlencoded; charset=no-such-charset")]
    [InlineData("multipart/form-data; boundary=b; charset=utf-16")]
    public async Task AFormInAnotherCharsetIs415AndCountsNothing(string contentType)
    {
        var link = await app.Api.CreateAsync(new { url = "https://example.com/charset", password = "right", max_clicks = 1 });
        using var body = new StringContent("password=right");
        body.Headers.Remove("Content-Type");
        body.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var response = await app.Anonymous.PostAsync($"/{link.Slug()}", body);
        AssertProblem(response, HttpStatusCode.UnsupportedMediaType);

        using var right = await app.Anonymous.PostAsync($"/{link.Slug()}", Form("right"));
        Assert.Equal(HttpStatusCode.SeeOther, right.StatusCode);
    }

    [Fact]
    public async Task AMultipartFormCutShortIs400()
    {
        var slug = (await app.Api.CreateAsync(new { url = "https://example.com/cut", password = "right" })).Slug();
        using var body = new StringContent("--b\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\nrig");
        body.Headers.Remove("Content-Type");
        body.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=b");
        using var response = await app.Anonymous.PostAsync($"/{slug}", body);
        AssertProblem(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task PutCanSetAndRemoveAPassword()
    {
        var slug = (await app.Api.CreateAsync(new { url = "https://example.com/toggle" })).Slug();
        using (var set = await app.Api.PutAsync($"/links/{slug}", Json("""{"password": "now-protected"}""")))
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous.FollowAsync(slug)).Status);

        using (var clear = await app.Api.PutAsync($"/links/{slug}", Json("""{"password": null}""")))
            Assert.Equal(HttpStatusCode.OK, clear.StatusCode);
        Assert.Equal((HttpStatusCode.Found, "https://example.com/toggle"), await app.Anonymous.FollowAsync(slug));
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
