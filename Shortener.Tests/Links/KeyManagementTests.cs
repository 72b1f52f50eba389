using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using static Shortener.Tests.Links.LinkClient;

namespace Shortener.Tests.Links;

/// <summary>Revoking keys and demoting admins, checked through both api instances: neither may keep honouring what changed.</summary>
[Collection(LinksCollection.Name)]
public sealed class KeyManagementTests(LinksFixture app)
{
    [Fact]
    public async Task ARevokedKeyIsRefusedAtOnceByEveryInstance()
    {
        var (client, key) = await app.NewUserAsync();
        using var second = WithKey("api2", key.Key);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/links")).StatusCode);

        using var revoke = await client.DeleteAsync($"/api-keys/{key.Prefix}");
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        using var here = await client.GetAsync("/links");
        using var there = await second.GetAsync("/links");
        AssertProblem(here, HttpStatusCode.Unauthorized);
        AssertProblem(there, HttpStatusCode.Unauthorized);
        using var again = await app.Api.DeleteAsync($"/api-keys/{key.Prefix}");
        AssertProblem(again, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task OnlyTheOwnerOrAnAdminRevokesAKey()
    {
        var (owner, key) = await app.NewUserAsync();
        var (stranger, _) = await app.NewUserAsync();

        using var theirs = await stranger.DeleteAsync($"/api-keys/{key.Prefix}");
        AssertProblem(theirs, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/links")).StatusCode);

        using var admin = await app.Api2.DeleteAsync($"/api-keys/{key.Prefix}");
        Assert.Equal(HttpStatusCode.NoContent, admin.StatusCode);
        AssertProblem(await owner.GetAsync("/links"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ADemotedAdminLosesAdminRightsAtOnceOnEveryInstance()
    {
        var (admin, key) = await app.NewUserAsync(admin: true);
        using var second = WithKey("api2", key.Key);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/worker/status")).StatusCode);

        using var demote = await app.Api.PatchAsJsonAsync($"/users/{key.UserId}", new { admin = false });
        Assert.Equal(HttpStatusCode.OK, demote.StatusCode);
        var user = await demote.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(key.UserId, user.GetProperty("id").GetInt64());
        Assert.False(user.GetProperty("admin").GetBoolean());

        AssertProblem(await admin.GetAsync("/worker/status"), HttpStatusCode.Forbidden);
        AssertProblem(await second.GetAsync("/worker/status"), HttpStatusCode.Forbidden);
        // Still a user: their own links are theirs.
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/links")).StatusCode);

        using var promote = await app.Api2.PatchAsJsonAsync($"/users/{key.UserId}", new { admin = true });
        Assert.Equal(HttpStatusCode.OK, promote.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/worker/status")).StatusCode);
    }

    [Fact]
    public async Task OnlyAnAdminChangesWhoIsAnAdmin()
    {
        var (user, key) = await app.NewUserAsync();
        using var self = await user.PatchAsJsonAsync($"/users/{key.UserId}", new { admin = true });
        AssertProblem(self, HttpStatusCode.Forbidden);
        using var unknown = await app.Api.PatchAsJsonAsync("/users/999999999", new { admin = true });
        AssertProblem(unknown, HttpStatusCode.NotFound);
        AssertProblem(await user.GetAsync("/worker/status"), HttpStatusCode.Forbidden);
    }

    private HttpClient WithKey(string resource, string key)
    {
        var client = app.App.CreateHttpClient(resource);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
