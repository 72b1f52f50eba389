using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shortener.Tests.Links;

namespace Shortener.Tests.Webhooks;

[Collection(WebhooksCollection.Name)]
public sealed class WebhookEndpointTests(WebhooksFixture app)
{
    [Fact]
    public async Task AnEndpointIsCreatedWithASecretShownOnceAndManagedByItsOwner()
    {
        var (alice, _) = await app.NewUserAsync();
        var url = app.Receiver.Url(WebhookReceiver.NewPath("crud"));
        using var created = await alice.PostAsJsonAsync("/webhooks", new { url, events = new[] { "link.created", "link.clicked", "link.created" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetInt64();
        Assert.Equal($"/webhooks/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(url, body.GetProperty("url").GetString());
        Assert.Equal(["link.created", "link.clicked"], body.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, body.GetProperty("slugs").ValueKind);
        Assert.True(body.GetProperty("enabled").GetBoolean());
        Assert.True(body.TryGetProperty("created_at", out _));
        var secret = body.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);

        var got = await alice.GetJsonAsync($"/webhooks/{id}");
        Assert.False(got.TryGetProperty("secret", out _));
        Assert.Contains((await alice.GetJsonAsync("/webhooks")).GetProperty("items").EnumerateArray(), w => w.GetProperty("id").GetInt64() == id);

        using (var patch = await alice.PatchAsJsonAsync($"/webhooks/{id}", new { events = new[] { "link.deleted" }, slugs = new[] { "abc-1" } }))
        {
            var patched = await patch.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
            Assert.Equal(["link.deleted"], patched.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(["abc-1"], patched.GetProperty("slugs").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(url, patched.GetProperty("url").GetString());
        }

        var (bob, _) = await app.NewUserAsync();
        using (var peek = await bob.GetAsync($"/webhooks/{id}")) LinkClient.AssertProblem(peek, HttpStatusCode.Forbidden);
        using (var steal = await bob.DeleteAsync($"/webhooks/{id}")) LinkClient.AssertProblem(steal, HttpStatusCode.Forbidden);
        Assert.DoesNotContain((await bob.GetJsonAsync("/webhooks")).GetProperty("items").EnumerateArray(), w => w.GetProperty("id").GetInt64() == id);
        Assert.Contains((await app.Api.GetJsonAsync("/webhooks?limit=100")).GetProperty("items").EnumerateArray(),
            w => w.GetProperty("id").GetInt64() == id);

        using (var delete = await alice.DeleteAsync($"/webhooks/{id}")) Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using (var gone = await alice.GetAsync($"/webhooks/{id}")) LinkClient.AssertProblem(gone, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"url":"http://127.0.0.1:1/x","events":[]}""", "events")]
    [InlineData("""{"url":"http://127.0.0.1:1/x","events":["link.exploded"]}""", "events")]
    [InlineData("""{"url":"http://127.0.0.1:1/x"}""", "events")]
    [InlineData("""{"url":"ftp://127.0.0.1/x","events":["link.created"]}""", "url")]
    [InlineData("""{"url":"javascript:alert(1)","events":["link.created"]}""", "url")]
    [InlineData("""{"url":"http://user:pw@127.0.0.1:1/x","events":["link.created"]}""", "url")]
    [InlineData("""{"url":"http://127.0.0.1:1/x","events":["link.created"],"slugs":[]}""", "slugs")]
    [InlineData("""{"url":"http://127.0.0.1:1/x","events":["link.created"],"slugs":["no spaces"]}""", "slugs")]
    [InlineData("""{"events":["link.created"]}""", "url")]
    public async Task BadEndpointsAreRefusedWithTheFieldThatIsWrong(string json, string field)
    {
        using var response = await app.Api.PostAsync("/webhooks", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        LinkClient.AssertProblem(response, HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task BadChangesAndBadLogQueriesAreRefused()
    {
        var webhook = await app.Api.CreateWebhookAsync(app.Receiver.Url(WebhookReceiver.NewPath("bad")), ["link.created"]);
        using (var empty = await app.Api.PatchAsJsonAsync($"/webhooks/{webhook.Id}", new { }))
            LinkClient.AssertProblem(empty, HttpStatusCode.BadRequest);
        using (var enabled = await app.Api.PatchAsync($"/webhooks/{webhook.Id}",
                   new StringContent("""{"enabled":null}""", System.Text.Encoding.UTF8, "application/json")))
            LinkClient.AssertProblem(enabled, HttpStatusCode.BadRequest);
        using (var status = await app.Api.GetAsync($"/webhooks/{webhook.Id}/deliveries?status=lost"))
            LinkClient.AssertProblem(status, HttpStatusCode.BadRequest);
        using (var cursor = await app.Api.GetAsync($"/webhooks/{webhook.Id}/deliveries?cursor=abc"))
            LinkClient.AssertProblem(cursor, HttpStatusCode.BadRequest);
        using (var missing = await app.Api.PostAsync($"/webhooks/{webhook.Id}/deliveries/{Guid.NewGuid()}/retry", null))
            LinkClient.AssertProblem(missing, HttpStatusCode.NotFound);
        using (var unknown = await app.Api.GetAsync("/webhooks/999999999"))
            LinkClient.AssertProblem(unknown, HttpStatusCode.NotFound);
        using (var anonymous = await app.Anonymous.GetAsync("/webhooks"))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var (user, _) = await app.NewUserAsync();
        using (var notAdmin = await user.GetAsync("/alerts")) LinkClient.AssertProblem(notAdmin, HttpStatusCode.Forbidden);
    }
}
