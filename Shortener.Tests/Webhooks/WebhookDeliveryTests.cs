using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Shortener.Tests.Infrastructure;

namespace Shortener.Tests.Webhooks;

[Collection(WebhooksCollection.Name)]
public sealed class WebhookDeliveryTests(WebhooksFixture app)
{
    private WebhookReceiver Receiver => app.Receiver;

    [Fact]
    public async Task ADeliveryCarriesStandardWebhooksHeadersWhoseSignatureVerifiesWithTheSecret()
    {
        var path = WebhookReceiver.NewPath("signed");
        var webhook = await app.Api.CreateWebhookAsync(Receiver.Url(path), ["link.created"]);
        var queued = await app.Api.SendTestAsync(webhook.Id);

        var received = Assert.Single(await Receiver.WaitForDeliveriesAsync(path, 1));
        Assert.Equal(queued.GetProperty("id").GetString(), received.Id);
        Assert.True(StandardWebhooks.Verifies(webhook.Secret, received), $"signature {received.Signature} does not verify");
        Assert.Single(StandardWebhooks.Signatures(received));
        var sentAt = DateTimeOffset.FromUnixTimeSeconds(long.Parse(received.Timestamp, CultureInfo.InvariantCulture));
        Assert.InRange(sentAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal("webhook.test", received.Type);
        Assert.Equal(webhook.Id, (long)received.Json["data"]!["webhook_id"]!);
        Assert.NotNull(received.Json["timestamp"]);

        // A body changed on the way, or another endpoint's secret, does not verify.
        Assert.False(StandardWebhooks.Verifies(webhook.Secret, received with { Body = received.Body.Replace("test", "tost") }));
        var other = await app.Api.CreateWebhookAsync(Receiver.Url(path), ["link.created"]);
        Assert.False(StandardWebhooks.Verifies(other.Secret, received));

        var delivery = await app.Api.WaitForDeliveryAsync(webhook.Id, received.Id, "delivered");
        Assert.Equal(1, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(200, delivery.GetProperty("last_status_code").GetInt32());
    }

    [Fact]
    public async Task AReceiverAnswering500Then200GetsTheSameWebhookIdTwiceAndTheLogShowsTwoAttemptsDelivered()
    {
        var path = WebhookReceiver.NewPath("flaky");
        Receiver.Answer(path, n => n == 1 ? Results.StatusCode(500) : Results.Ok());
        var webhook = await app.Api.CreateWebhookAsync(Receiver.Url(path), ["link.created"]);
        var id = (await app.Api.SendTestAsync(webhook.Id)).GetProperty("id").GetString()!;

        var delivery = await app.Api.WaitForDeliveryAsync(webhook.Id, id, "delivered");
        Assert.Equal(2, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(200, delivery.GetProperty("last_status_code").GetInt32());
        Assert.True(delivery.GetProperty("delivered_at").ValueKind == JsonValueKind.String);
        var received = Receiver.DeliveriesTo(path);
        Assert.Equal(2, received.Count);
        Assert.All(received, r => Assert.Equal(id, r.Id));
        Assert.All(received, r => Assert.True(StandardWebhooks.Verifies(webhook.Secret, r)));
        Assert.Equal(received[0].Body, received[1].Body);

        var log = await app.Api.GetJsonAsync($"/webhooks/{webhook.Id}/deliveries?status=delivered");
        var entry = Assert.Single(log.GetProperty("items").EnumerateArray());
        Assert.Equal(id, entry.GetProperty("id").GetString());
        Assert.Equal("webhook.test", entry.GetProperty("event").GetString());
        Assert.Empty((await app.Api.GetJsonAsync($"/webhooks/{webhook.Id}/deliveries?status=failed")).GetProperty("items").EnumerateArray());

        // Sent again by hand: the same webhook-id a third time, and a third attempt in the log.
        using var retry = await app.Api.PostAsync($"/webhooks/{webhook.Id}/deliveries/{id}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        await Receiver.WaitForDeliveriesAsync(path, 3);
        Assert.Equal(id, Receiver.DeliveriesTo(path)[2].Id);
        await Eventually.WaitForAsync(() => app.Api.DeliveryAsync(webhook.Id, id), d => d.GetProperty("attempts").GetInt32() == 3,
            WebhookClient.Patience, "a third attempt in the log");
    }

    [Fact]
    public async Task AnAnswerOf410DisablesTheEndpointAndEnablingItAgainSendsAgain()
    {
        var path = WebhookReceiver.NewPath("gone");
        var gone = true;
        Receiver.Answer(path, _ => gone ? Results.StatusCode(410) : Results.Ok());
        var webhook = await app.Api.CreateWebhookAsync(Receiver.Url(path), ["link.created"]);
        var id = (await app.Api.SendTestAsync(webhook.Id)).GetProperty("id").GetString()!;

        var delivery = await app.Api.WaitForDeliveryAsync(webhook.Id, id, "failed");
        Assert.Equal(1, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(410, delivery.GetProperty("last_status_code").GetInt32());
        var endpoint = await app.Api.GetJsonAsync($"/webhooks/{webhook.Id}");
        Assert.False(endpoint.GetProperty("enabled").GetBoolean());
        Assert.Contains("410", endpoint.GetProperty("disabled_reason").GetString());
        Assert.Single(Receiver.DeliveriesTo(path));
        var alert = await app.WaitForAlertAsync("webhook.disabled", $"webhook:{webhook.Id}");
        Assert.Contains("410", alert.GetProperty("message").GetString());

        using (var refused = await app.Api.PostAsync($"/webhooks/{webhook.Id}/test", null))
            Links.LinkClient.AssertProblem(refused, HttpStatusCode.Conflict);

        gone = false;
        using (var enable = await app.Api.PatchAsJsonAsync($"/webhooks/{webhook.Id}", new { enabled = true }))
            Assert.Equal(HttpStatusCode.OK, enable.StatusCode);
        var again = (await app.Api.SendTestAsync(webhook.Id)).GetProperty("id").GetString()!;
        await app.Api.WaitForDeliveryAsync(webhook.Id, again, "delivered");
        var resolved = await app.FindAlertAsync("webhook.disabled", $"webhook:{webhook.Id}");
        Assert.True(resolved?.GetProperty("resolved_at").ValueKind == JsonValueKind.String, "enabling resolves the alert");
    }

    [Fact]
    public async Task RetryAfterIsHonoured()
    {
        var path = WebhookReceiver.NewPath("busy");
        Receiver.Answer(path, n => n == 1 ? new WithHeader(Results.Text("busy", statusCode: 503), "Retry-After", "2") : Results.Ok());
        var webhook = await app.Api.CreateWebhookAsync(Receiver.Url(path), ["link.created"]);
        var id = (await app.Api.SendTestAsync(webhook.Id)).GetProperty("id").GetString()!;

        await app.Api.WaitForDeliveryAsync(webhook.Id, id, "delivered");
        var received = Receiver.DeliveriesTo(path);
        Assert.Equal(2, received.Count);
        // The schedule alone would have come back after about 0.2 s.
        Assert.True(received[1].ReceivedAt - received[0].ReceivedAt >= TimeSpan.FromSeconds(2),
            $"second attempt {(received[1].ReceivedAt - received[0].ReceivedAt).TotalSeconds:0.00} s after the first");
    }

    [Fact]
    public async Task AfterRotationTheOldAndTheNewSecretBothSign()
    {
        var path = WebhookReceiver.NewPath("rotated");
        var webhook = await app.Api.CreateWebhookAsync(Receiver.Url(path), ["link.created"]);
        using var rotate = await app.Api.PostAsync($"/webhooks/{webhook.Id}/rotate-secret", null);
        var rotated = await rotate.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, rotate.StatusCode);
        var secret = rotated.GetProperty("secret").GetString()!;
        Assert.NotEqual(webhook.Secret, secret);
        Assert.True(rotated.GetProperty("previous_secret_expires_at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(23));

        await app.Api.SendTestAsync(webhook.Id);
        var received = Assert.Single(await Receiver.WaitForDeliveriesAsync(path, 1));
        Assert.Equal(2, StandardWebhooks.Signatures(received).Length);
        Assert.Contains(StandardWebhooks.Expected(secret, received), StandardWebhooks.Signatures(received));
        Assert.Contains(StandardWebhooks.Expected(webhook.Secret, received), StandardWebhooks.Signatures(received));
        Assert.False((await app.Api.GetJsonAsync($"/webhooks/{webhook.Id}")).TryGetProperty("secret", out _), "a secret is shown only once");
    }

    [Fact]
    public async Task TwentyDeliveriesInARowFailingForGoodDisableTheEndpointAndRaiseOneFailingAlert()
    {
        var path = WebhookReceiver.NewPath("down");
        Receiver.Answer(path, _ => Results.StatusCode(500));
        var webhook = await app.Api.CreateWebhookAsync(Receiver.Url(path), ["link.created"]);
        var ids = new List<string>();
        for (var i = 0; i < 20; i++) ids.Add((await app.Api.SendTestAsync(webhook.Id)).GetProperty("id").GetString()!);

        var endpoint = await Eventually.WaitForAsync(() => app.Api.GetJsonAsync($"/webhooks/{webhook.Id}"),
            e => !e.GetProperty("enabled").GetBoolean(), WebhookClient.Patience, "the endpoint to be disabled");
        Assert.Contains("20 deliveries in a row", endpoint.GetProperty("disabled_reason").GetString());
        foreach (var id in ids)
        {
            var delivery = await app.Api.DeliveryAsync(webhook.Id, id);
            Assert.Equal("failed", delivery.GetProperty("status").GetString());
            Assert.Equal(3, delivery.GetProperty("attempts").GetInt32()); // the first and the two retries configured
        }
        Assert.Equal(60, Receiver.DeliveriesTo(path).Count);
        await app.WaitForAlertAsync("webhook.disabled", $"webhook:{webhook.Id}");
        var alerts = await app.AlertsAsync();
        Assert.Single(alerts, a => a.GetProperty("kind").GetString() == "webhook.failing" && a.GetProperty("subject").GetString() == $"webhook:{webhook.Id}");
    }

    /// <summary>A result with one more header.</summary>
    private sealed class WithHeader(IResult inner, string name, string value) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.Headers[name] = value;
            return inner.ExecuteAsync(context);
        }
    }
}
