using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using static Shortener.Tests.Links.LinkClient;

namespace Shortener.Tests.Links;

[Collection(LinksCollection.Name)]
public sealed class OwnershipTests(LinksFixture app)
{
    [Fact]
    public async Task AnotherUsersLinkAndStatsAre403ForEveryVerb()
    {
        var (alice, _) = await app.NewUserAsync();
        var (mallory, _) = await app.NewUserAsync();
        var slug = (await alice.CreateAsync(new { url = "https://example.com/alices" })).Slug();

        using (var get = await mallory.GetAsync($"/links/{slug}")) AssertProblem(get, HttpStatusCode.Forbidden);
        using (var put = await mallory.PutAsJsonAsync($"/links/{slug}", new { url = "https://evil.example/" })) AssertProblem(put, HttpStatusCode.Forbidden);
        using (var delete = await mallory.DeleteAsync($"/links/{slug}")) AssertProblem(delete, HttpStatusCode.Forbidden);
        using (var stats = await mallory.GetAsync($"/stats/{slug}")) AssertProblem(stats, HttpStatusCode.Forbidden);
        var page = await mallory.GetFromJsonAsync<JsonElement>("/links");
        Assert.DoesNotContain(slug, page.GetProperty("items").EnumerateArray().Select(l => l.Slug()));

        Assert.Equal((HttpStatusCode.Found, "https://example.com/alices"), await app.Anonymous.FollowAsync(slug));
        using (var own = await alice.GetAsync($"/stats/{slug}")) Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task AnAdminSeesAndChangesEveryonesLinks()
    {
        var (alice, _) = await app.NewUserAsync();
        var (admin, _) = await app.NewUserAsync(admin: true);
        var slug = (await alice.CreateAsync(new { url = "https://example.com/watched" })).Slug();

        using (var get = await admin.GetAsync($"/links/{slug}")) Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        using (var stats = await app.Api.GetAsync($"/stats/{slug}")) Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        var all = await app.Api.GetFromJsonAsync<JsonElement>("/links?limit=100");
        Assert.Contains(slug, all.GetProperty("items").EnumerateArray().Select(l => l.Slug()));
        using (var put = await admin.PutAsJsonAsync($"/links/{slug}", new { url = "https://example.com/moderated" })) Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }

    [Fact]
    public async Task KeysAreShownOnceAndStoredOnlyAsAHash()
    {
        var (client, key) = await app.NewUserAsync();
        Assert.StartsWith(key.Prefix, key.Key);
        Assert.True(key.Key.Length >= 40);

        await using var conn = await app.OpenDatabaseAsync();
        var stored = await conn.QuerySingleAsync<(byte[] Hash, string Prefix)>(
            "SELECT key_hash, prefix FROM api_keys WHERE user_id = @UserId", new { key.UserId });
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(key.Key)), stored.Hash);
        Assert.Equal(key.Prefix, stored.Prefix);
        var anywhere = await conn.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.prefix = @Key OR u.name = @Key", new { key.Key });
        Assert.Equal(0, anywhere);
        using var works = await client.GetAsync("/links");
        Assert.Equal(HttpStatusCode.OK, works.StatusCode);
    }

    [Fact]
    public async Task OnlyAnAdminMayCreateKeys()
    {
        var (user, _) = await app.NewUserAsync();
        var users = await app.CountAsync("users");
        using (var forbidden = await user.PostAsJsonAsync("/api-keys", new { user = "someone-else" })) AssertProblem(forbidden, HttpStatusCode.Forbidden);
        using (var anonymous = await app.Anonymous.PostAsJsonAsync("/api-keys", new { user = "someone-else" })) AssertProblem(anonymous, HttpStatusCode.Unauthorized);
        Assert.Equal(users, await app.CountAsync("users"));
    }

    [Theory]
    [InlineData("Bearer shk_not-a-real-key-000000000000000000000000")]
    [InlineData("Bearer ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task AMissingOrWrongKeyIs401Everywhere(string authorization)
    {
        foreach (var (method, path) in new[] { ("GET", "/links"), ("POST", "/links"), ("GET", "/links/whatever"), ("PUT", "/links/whatever"),
                     ("DELETE", "/links/whatever"), ("GET", "/stats/whatever"), ("POST", "/api-keys") })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
            if (method is "POST" or "PUT") request.Content = JsonContent.Create(new { url = "https://example.com/", user = "x" });
            using var response = await app.Anonymous.SendAsync(request);
            AssertProblem(response, HttpStatusCode.Unauthorized);
        }
    }
}
