using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Shortener.Bench;

internal sealed partial class Bench
{
    /// <summary>
    /// Point 6: link.clicked to a local receiver. An endpoint for every link's clicks, then a backlog drained as in point 3
    /// (packs of ClicksPerEntry), so the drain with the fan-out can be set against the drain without it; the receiver
    /// counts each click's webhook-ids. Delivered per second is from the first request to the last new click; none may
    /// be lost (a click never received) or doubled (a click received under two webhook-ids).
    /// </summary>
    private async Task WebhooksAsync()
    {
        await using var receiver = await ClickReceiver.StartAsync();
        using var created = await _http.PostAsJsonAsync("/webhooks", new { url = receiver.Url, events = new[] { "link.clicked" } }, ct);
        var body = await created.Content.ReadAsStringAsync(ct);
        if (!created.IsSuccessStatusCode) throw new InvalidOperationException($"POST /webhooks answered {(int)created.StatusCode}: {body}");
        var endpoint = JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();

        var worker = _services["worker"];
        var before = await CountClicksAsync();
        var ids = new HashSet<Guid>();
        Log($"webhooks: endpoint {endpoint} for every link's clicks at {receiver.Url}; freezing the worker and filling {o.WebhookClicks:N0} clicks");
        if (!Proc.Signal(worker, Proc.SigStop)) throw new InvalidOperationException("Could not stop the worker.");
        try
        {
            await FillStreamAsync(o.WebhookClicks, o.DrainClicksPerEntry, ids);
        }
        finally
        {
            Proc.Signal(worker, Proc.SigCont);
        }
        var clock = Stopwatch.StartNew();
        receiver.Clock = clock;
        var cpu = new CpuMeter(_app!);
        var stored = await WaitStoredAsync(before + o.WebhookClicks, before + o.WebhookClicks, TimeSpan.FromMinutes(5), clock);
        var drainSeconds = stored.LastRowAt.TotalSeconds;
        Log($"webhooks: {stored.Count - before:N0} clicks stored in {drainSeconds:0.00} s with the fan-out; waiting for the deliveries");

        var lastCount = -1;
        var lastChange = clock.Elapsed;
        while (receiver.Clicks < ids.Count && clock.Elapsed - lastChange < TimeSpan.FromSeconds(30) && clock.Elapsed < TimeSpan.FromMinutes(10))
        {
            if (receiver.Clicks != lastCount) (lastCount, lastChange) = (receiver.Clicks, clock.Elapsed);
            await Task.Delay(100, ct);
        }
        var cpuJson = cpu.Stop();
        using (await _http.DeleteAsync($"/webhooks/{endpoint}", ct)) { }

        var (first, last) = (receiver.FirstAt.TotalSeconds, receiver.LastNewAt.TotalSeconds);
        var received = receiver.EventIds();
        var lost = ids.Count(id => !received.Contains(id));
        var node = new JsonObject
        {
            ["clicks"] = o.WebhookClicks,
            ["drain_seconds_with_fanout"] = Math.Round(drainSeconds, 2),
            ["drain_events_per_second_with_fanout"] = Math.Round((stored.Count - before) / drainSeconds),
            ["requests"] = receiver.Requests,
            ["clicks_received"] = received.Count,
            ["lost"] = lost,
            ["doubled"] = receiver.Doubled,
            ["sent_again_same_id"] = receiver.Requests - receiver.WebhookIds,
            ["first_delivery_after_s"] = Math.Round(first, 2),
            ["last_delivery_after_s"] = Math.Round(last, 2),
            ["deliveries_per_second"] = last > first ? Math.Round(received.Count / (last - first)) : null,
            ["end_to_end_per_second"] = last > 0 ? Math.Round(received.Count / last) : null,
            ["cpu"] = cpuJson,
        };
        if (results["drain"] is JsonObject drain && (double?)drain["events_per_second"] is { } plain && plain > 0)
            node["drain_ratio_to_no_webhooks"] = Math.Round((double)node["drain_events_per_second_with_fanout"]! / plain, 3);
        results["webhooks"] = node;
        Log($"webhooks: {received.Count:N0} clicks delivered, {node["deliveries_per_second"]} per second (first to last), lost {lost}, " +
            $"doubled {receiver.Doubled}, sent again with the same id {node["sent_again_same_id"]}; cpu {cpuJson["percent_of_one_core"]!.ToJsonString()}");
    }

    /// <summary>The local receiver: answers 204 at once and keeps, per click, the webhook-ids it came with.</summary>
    private sealed class ClickReceiver : IAsyncDisposable
    {
        private const string EventIdField = "\"event_id\": \"";
        private readonly WebApplication _app;
        private readonly ConcurrentDictionary<Guid, string> _byClick = new();
        private readonly ConcurrentDictionary<string, byte> _webhookIds = new();
        private long _requests, _doubled, _firstTicks = -1, _lastNewTicks;

        private ClickReceiver(WebApplication app) => _app = app;

        public string Url => _app.Urls.First() + "/hook";
        public Stopwatch Clock { get; set; } = Stopwatch.StartNew();
        public int Clicks => _byClick.Count;
        public long Requests => Interlocked.Read(ref _requests);
        public long Doubled => Interlocked.Read(ref _doubled);
        public long WebhookIds => _webhookIds.Count;
        public TimeSpan FirstAt => TimeSpan.FromTicks(Math.Max(0, Interlocked.Read(ref _firstTicks)));
        public TimeSpan LastNewAt => TimeSpan.FromTicks(Interlocked.Read(ref _lastNewTicks));
        public HashSet<Guid> EventIds() => [.. _byClick.Keys];

        public static async Task<ClickReceiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var receiver = new ClickReceiver(app);
            app.MapPost("/hook", async (HttpRequest request) =>
            {
                using var reader = new StreamReader(request.Body);
                receiver.Record(request.Headers["webhook-id"].ToString(), await reader.ReadToEndAsync());
                return Results.NoContent();
            });
            await app.StartAsync();
            return receiver;
        }

        private void Record(string webhookId, string body)
        {
            var now = Clock.Elapsed.Ticks;
            Interlocked.Increment(ref _requests);
            Interlocked.CompareExchange(ref _firstTicks, now, -1);
            _webhookIds.TryAdd(webhookId, 0);
            var at = body.IndexOf(EventIdField, StringComparison.Ordinal);
            if (at < 0 || !Guid.TryParse(body.AsSpan(at + EventIdField.Length, 36), out var click)) return;
            if (_byClick.TryAdd(click, webhookId))
            {
                long seen;
                while ((seen = Interlocked.Read(ref _lastNewTicks)) < now && Interlocked.CompareExchange(ref _lastNewTicks, now, seen) != seen) { }
            }
            else if (_byClick[click] != webhookId)
            {
                Interlocked.Increment(ref _doubled);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
