using System.Net;
using Dapper;
using Shortener.Tests.Infrastructure;
using Shortener.Tests.Links;

namespace Shortener.Tests.Webhooks;

[Collection(WebhooksCollection.Name)]
public sealed class ClickWebhookTests(WebhooksFixture app)
{
    private WebhookReceiver Receiver => app.Receiver;

    [Fact]
    public async Task EachStoredClickIsSentOnceWithTheEnrichedClickAndItsLink()
    {
        var link = await app.CreateLinkAsync(Receiver.Url("/click-target"));
        var path = WebhookReceiver.NewPath("clicks");
        var webhook = await app.Api.CreateWebhookAsync(Receiver.Url(path), ["link.clicked"], [link.Slug]);
        var (otherUser, _) = await app.NewUserAsync();
        var othersPath = WebhookReceiver.NewPath("not-mine");
        await otherUser.CreateWebhookAsync(Receiver.Url(othersPath), ["link.clicked"]);

        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/{link.Slug}");
            request.Headers.TryAddWithoutValidation("User-Agent",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36");
            request.Headers.Referrer = new Uri("https://www.example.org/article");
            using var response = await app.Anonymous.SendAsync(request);
            Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        }

        var received = await Receiver.WaitForDeliveriesAsync(path, 3);
        await using var conn = await app.OpenDatabaseAsync();
        var stored = (await conn.QueryAsync<Guid>("SELECT event_id FROM clicks WHERE link_id = @Id", link)).Select(g => g.ToString()).ToHashSet();
        Assert.Equal(stored, received.Select(r => (string)r.Json["data"]!["event_id"]!).ToHashSet());
        Assert.Equal(3, received.Select(r => r.Id).Distinct().Count());
        foreach (var click in received)
        {
            Assert.True(StandardWebhooks.Verifies(webhook.Secret, click));
            Assert.Equal("link.clicked", click.Type);
            var data = click.Json["data"]!;
            Assert.Equal(link.Slug, (string)data["slug"]!);
            Assert.Equal(link.OriginalUrl, (string)data["url"]!);
            Assert.Equal("Chrome", (string)data["browser"]!);
            Assert.Equal("desktop", (string)data["device_type"]!);
            Assert.Equal("example.org", (string)data["referrer_host"]!);
            Assert.False((bool)data["is_bot"]!);
            Assert.Equal((string)click.Json["timestamp"]!, (string)data["occurred_at"]!);
        }
        // Another user's endpoint hears nothing of this user's link.
        Assert.Empty(Receiver.DeliveriesTo(othersPath));
    }

    [Fact]
    public async Task AWorkerKilledMidFanOutSendsNoClickTwiceWithANewId()
    {
        var link = await app.CreateLinkAsync(Receiver.Url("/killed-target"));
        var path = WebhookReceiver.NewPath("killed");
        await app.Api.CreateWebhookAsync(Receiver.Url(path), ["link.clicked"], [link.Slug]);
        var load = new ShortenerClient.RedirectLoad(app, link.Slug).Start();
        await Receiver.WaitForDeliveriesAsync(path, 50);

        // Mid-way: clicks are being stored and fanned out, deliveries claimed and on their way. The new worker reads the
        // killed one's batch again (some of it stored and fanned out already) and sends what was claimed again.
        await app.KillAsync("worker");
        var served = await load.StopAsync();
        await app.StartAsync("worker");
        await app.WaitHealthyAsync("worker");

        Assert.Equal(served, await app.WaitForStoredClicksAsync(link.Id, served));
        var received = await Eventually.WaitForAsync(() => Task.FromResult(Receiver.DeliveriesTo(path)),
            d => d.Select(r => (string)r.Json["data"]!["event_id"]!).Distinct().Count() >= served, TimeSpan.FromMinutes(2),
            $"a link.clicked for each of {served} clicks");
        await using var conn = await app.OpenDatabaseAsync();
        var stored = (await conn.QueryAsync<Guid>("SELECT event_id FROM clicks WHERE link_id = @Id", link)).Select(g => g.ToString()).ToHashSet();
        var byClick = received.GroupBy(r => (string)r.Json["data"]!["event_id"]!).ToList();
        Assert.Equal(stored, byClick.Select(g => g.Key).ToHashSet());
        // A click sent more than once (its attempt cut off by the kill) is sent with the same webhook-id each time.
        Assert.All(byClick, g => Assert.Single(g.Select(r => r.Id).Distinct()));
        Assert.Equal(served, await conn.ExecuteScalarAsync<long>("""
            SELECT count(*) FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
            WHERE d.event = 'link.clicked' AND e.slugs = ARRAY[@Slug]
            """, link));
    }
}
