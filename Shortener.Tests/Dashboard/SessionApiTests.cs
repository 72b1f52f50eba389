using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Shortener.Tests.Links;

namespace Shortener.Tests.Dashboard;

/// <summary>The dashboard's sign-in as the HTTP API sees it: the cookie, its anti-forgery header, and its end.</summary>
[Collection(DashboardCollection.Name)]
public sealed class SessionApiTests(DashboardFixture app)
{
    private HttpClient Browserless() => new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };

    /// <summary>Signs in with a key and returns the session cookie's value and its anti-forgery token.</summary>
    private async Task<(string Cookie, string Csrf, string SetCookie)> SignInAsync(HttpClient http, string key)
    {
        using var response = await http.PostAsJsonAsync("/auth/session", new { api_key = key });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        var cookie = setCookie.Split(';')[0];
        using var info = new HttpRequestMessage(HttpMethod.Get, "/auth/session");
        info.Headers.Add("Cookie", cookie);
        using var answer = await http.SendAsync(info);
        var json = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(json.GetProperty("signed_in").GetBoolean());
        return (cookie, json.GetProperty("csrf_token").GetString()!, setCookie);
    }

    private static HttpRequestMessage WithCookie(HttpMethod method, string path, string cookie, string? csrf = null, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", cookie);
        if (csrf is not null) request.Headers.Add("X-CSRF-Token", csrf);
        if (body is not null) request.Content = JsonContent.Create(body);
        return request;
    }

    [Fact]
    public async Task SigningInSetsAnHttpOnlyStrictCookieThatOpensTheKeyProtectedEndpoints()
    {
        var (owner, key) = await app.NewUserAsync();
        var slug = (await owner.CreateAsync(new { url = "https://example.com/cookie", slug = LinkClient.UniqueSlug("ck") })).Slug();
        using var http = Browserless();
        var (cookie, _, setCookie) = await SignInAsync(http, key.Key);

        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", setCookie, StringComparison.OrdinalIgnoreCase); // plain http here; over https it is Secure
        Assert.DoesNotContain(key.Key, setCookie);

        foreach (var path in new[] { "/links", $"/links/{slug}", $"/links/{slug}/stats", $"/links/{slug}/qr?format=svg", $"/stats/{slug}" })
        {
            using var answer = await http.SendAsync(WithCookie(HttpMethod.Get, path, cookie));
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{path}: {(int)answer.StatusCode}");
        }
        using var pipeline = await http.SendAsync(WithCookie(HttpMethod.Get, "/worker/status", cookie));
        LinkClient.AssertProblem(pipeline, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AChangeMadeWithTheCookieNeedsTheSessionsAntiForgeryHeader()
    {
        var (_, key) = await app.NewUserAsync();
        using var http = Browserless();
        var (cookie, csrf, _) = await SignInAsync(http, key.Key);
        var body = new { url = "https://example.com/csrf" };

        using var missing = await http.SendAsync(WithCookie(HttpMethod.Post, "/links", cookie, body: body));
        LinkClient.AssertProblem(missing, HttpStatusCode.Forbidden);
        Assert.Contains("X-CSRF-Token", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        using var wrong = await http.SendAsync(WithCookie(HttpMethod.Post, "/links", cookie, csrf + "x", body));
        LinkClient.AssertProblem(wrong, HttpStatusCode.Forbidden);
        using var other = await http.SendAsync(WithCookie(HttpMethod.Post, "/links", cookie, (await SignInAsync(http, key.Key)).Csrf, body));
        LinkClient.AssertProblem(other, HttpStatusCode.Forbidden);
        Assert.Equal(0, await CountLinksAsync(key.UserId));

        using var right = await http.SendAsync(WithCookie(HttpMethod.Post, "/links", cookie, csrf, body));
        Assert.Equal(HttpStatusCode.Created, right.StatusCode);
        Assert.Equal(1, await CountLinksAsync(key.UserId));
    }

    [Fact]
    public async Task RevokingTheKeyEndsTheSessionOnTheNextRequest()
    {
        var (_, key) = await app.NewUserAsync();
        using var http = Browserless();
        var (cookie, _, _) = await SignInAsync(http, key.Key);
        using (var before = await http.SendAsync(WithCookie(HttpMethod.Get, "/links", cookie))) Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        await using (var db = await app.OpenDatabaseAsync())
            await db.ExecuteAsync("UPDATE api_keys SET revoked_at = now() WHERE prefix = @prefix", new { prefix = key.Prefix });

        using var after = await http.SendAsync(WithCookie(HttpMethod.Get, "/links", cookie));
        LinkClient.AssertProblem(after, HttpStatusCode.Unauthorized);
        using var info = await http.SendAsync(WithCookie(HttpMethod.Get, "/auth/session", cookie));
        Assert.False((await info.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("signed_in").GetBoolean());
    }

    [Fact]
    public async Task SigningOutEndsTheSessionAndNeedsTheAntiForgeryHeader()
    {
        using var http = Browserless();
        var (cookie, csrf, _) = await SignInAsync(http, app.AdminKey);
        using (var status = await http.SendAsync(WithCookie(HttpMethod.Get, "/worker/status", cookie))) Assert.Equal(HttpStatusCode.OK, status.StatusCode);

        using (var forged = await http.SendAsync(WithCookie(HttpMethod.Delete, "/auth/session", cookie)))
            LinkClient.AssertProblem(forged, HttpStatusCode.Forbidden);
        using (var signOut = await http.SendAsync(WithCookie(HttpMethod.Delete, "/auth/session", cookie, csrf)))
        {
            Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
            Assert.Contains(signOut.Headers.GetValues("Set-Cookie"), c => c.StartsWith("shortener_session=;", StringComparison.Ordinal));
        }
        using var after = await http.SendAsync(WithCookie(HttpMethod.Get, "/worker/status", cookie));
        LinkClient.AssertProblem(after, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AWrongOrMissingKeyOpensNoSession()
    {
        using var http = Browserless();
        using var wrong = await http.PostAsJsonAsync("/auth/session", new { api_key = "shk_nobody-holds-this-key" });
        LinkClient.AssertProblem(wrong, HttpStatusCode.Unauthorized);
        Assert.False(wrong.Headers.Contains("Set-Cookie"));
        using var missing = await http.PostAsJsonAsync("/auth/session", new { });
        LinkClient.AssertProblem(missing, HttpStatusCode.BadRequest);
        Assert.True((await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("api_key", out _));
        using var forged = await http.SendAsync(WithCookie(HttpMethod.Get, "/links", "shortener_session=made-up-token"));
        LinkClient.AssertProblem(forged, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AKeyHeaderStillWorksAndSpeaksForItselfBesideACookie()
    {
        var (_, alice) = await app.NewUserAsync();
        var (bob, bobKey) = await app.NewUserAsync();
        var bobsSlug = (await bob.CreateAsync(new { url = "https://example.com/bob", slug = LinkClient.UniqueSlug("bob") })).Slug();
        using var http = Browserless();
        var (aliceCookie, _, _) = await SignInAsync(http, alice.Key);

        using var request = WithCookie(HttpMethod.Get, "/links", aliceCookie);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bobKey.Key);
        using var answer = await http.SendAsync(request);
        var links = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().Select(l => l.Slug()).ToList();
        Assert.Equal([bobsSlug], links);
        // And a change made with the key needs no anti-forgery header: only cookies ride along on their own.
        using var create = WithCookie(HttpMethod.Post, "/links", aliceCookie, body: new { url = "https://example.com/by-key" });
        create.Headers.Add("X-Api-Key", bobKey.Key);
        using var created = await http.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    private async Task<long> CountLinksAsync(long userId)
    {
        await using var db = await app.OpenDatabaseAsync();
        return await db.ExecuteScalarAsync<long>("SELECT count(*) FROM links WHERE owner_id = @userId", new { userId });
    }
}
