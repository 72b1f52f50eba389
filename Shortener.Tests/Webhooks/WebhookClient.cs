using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shortener.Tests.Infrastructure;

namespace Shortener.Tests.Webhooks;

public sealed record CreatedWebhook(long Id, string Secret);

/// <summary>Test verbs for webhooks, as a user would call them with curl; answers as raw JSON.</summary>
public static class WebhookClient
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task<CreatedWebhook> CreateWebhookAsync(this HttpClient client, string url, string[] events, string[]? slugs = null)
    {
        using var response = await client.PostAsJsonAsync("/webhooks", new { url, events, slugs });
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {json}");
        return new CreatedWebhook(json.GetProperty("id").GetInt64(), json.GetProperty("secret").GetString()!);
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode}: {json}");
        return json;
    }

    public static async Task<JsonElement> SendTestAsync(this HttpClient client, long webhook)
    {
        using var response = await client.PostAsync($"/webhooks/{webhook}/test", null);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {json}");
        return json;
    }

    public static Task<JsonElement> DeliveryAsync(this HttpClient client, long webhook, string delivery) =>
        client.GetJsonAsync($"/webhooks/{webhook}/deliveries/{delivery}");

    /// <summary>Waits until the delivery's status is <paramref name="status"/> (as the delivery log shows it) and returns it.</summary>
    public static Task<JsonElement> WaitForDeliveryAsync(this HttpClient client, long webhook, string delivery, string status) =>
        Eventually.WaitForAsync(() => client.DeliveryAsync(webhook, delivery), d => d.GetProperty("status").GetString() == status, Patience,
            $"delivery {delivery} to be {status}");

    /// <summary>Waits until the receiver has at least <paramref name="count"/> deliveries at <paramref name="path"/>.</summary>
    public static Task<IReadOnlyList<WebhookReceiver.Delivery>> WaitForDeliveriesAsync(this WebhookReceiver receiver, string path, int count,
        TimeSpan? timeout = null) =>
        Eventually.WaitForAsync(() => Task.FromResult(receiver.DeliveriesTo(path)), d => d.Count >= count, timeout ?? Patience,
            $"{count} deliveries at {path}");

    /// <summary>Waits until GET /links/{slug} shows the job step as <paramref name="status"/>; returns the link.</summary>
    public static Task<JsonElement> WaitForJobStepAsync(this HttpClient client, string slug, string step, string status) =>
        Eventually.WaitForAsync(() => client.GetJsonAsync($"/links/{slug}"),
            l => l.TryGetProperty("jobs", out var jobs) && jobs.GetProperty(step).GetString() == status, Patience, $"{slug}'s {step} step to be {status}");

    /// <summary>Every alert GET /alerts lists, newest first (all pages).</summary>
    public static async Task<IReadOnlyList<JsonElement>> AlertsAsync(this AppFixture app)
    {
        var alerts = new List<JsonElement>();
        for (string? cursor = null; ;)
        {
            var page = await app.Api.GetJsonAsync($"/alerts?limit=100{(cursor is null ? "" : "&cursor=" + cursor)}");
            alerts.AddRange(page.GetProperty("items").EnumerateArray());
            if (page.GetProperty("next_cursor").GetString() is not { } next) return alerts;
            cursor = next;
        }
    }

    public static async Task<JsonElement?> FindAlertAsync(this AppFixture app, string kind, string subject) =>
        (await app.AlertsAsync()).Cast<JsonElement?>().FirstOrDefault(a =>
            a!.Value.GetProperty("kind").GetString() == kind && a.Value.GetProperty("subject").GetString() == subject);

    public static async Task<JsonElement> WaitForAlertAsync(this AppFixture app, string kind, string subject) =>
        (await Eventually.WaitForAsync(() => app.FindAlertAsync(kind, subject), a => a is not null, Patience, $"a {kind} alert for {subject}"))!.Value;
}
