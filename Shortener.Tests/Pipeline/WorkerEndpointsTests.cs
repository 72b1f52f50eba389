using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shortener.Core.Clicks;
using Shortener.Core.Events;
using Shortener.Tests.Events;
using Shortener.Tests.Infrastructure;
using Shortener.Tests.Links;
using StackExchange.Redis;

namespace Shortener.Tests.Pipeline;

[Collection(AppCollection.Name)]
public sealed class WorkerEndpointsTests(AppFixture app)
{
    [Fact]
    public async Task WorkerHealthListsTheLiveWorker()
    {
        var health = await Eventually.WaitForAsync(() => app.Api.GetFromJsonAsync<JsonDocument>("/worker/health"),
            d => d!.RootElement.GetProperty("workers").GetArrayLength() > 0, TimeSpan.FromSeconds(30), "a worker heartbeat");
        Assert.Equal("Healthy", health!.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task PingTravelsThroughTheQueueAndAWorkerAnswers()
    {
        using var response = await app.Api.PostAsync("/worker/ping", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await response.Content.ReadFromJsonAsync<JsonDocument>();
        Assert.False(string.IsNullOrEmpty(body!.RootElement.GetProperty("answered_by").GetString()));
        Assert.True(body.RootElement.GetProperty("round_trip_ms").GetDouble() > 0);
    }

    [Fact]
    public async Task StatusReportsTheStreamTheGroupAndTheWorkers()
    {
        var link = await app.CreateLinkAsync("https://example.com/status");
        await app.FollowAsync(link.Slug);
        await app.WaitForStoredClicksAsync(link.Id, 1);

        using var status = await app.Api.GetFromJsonAsync<JsonDocument>("/worker/status");
        var root = status!.RootElement;
        foreach (var field in new[] { "stream_length", "pending", "lag", "dead_letter_length", "throughput_per_second", "buffered_in_api" })
            Assert.True(root.TryGetProperty(field, out _), field);
        Assert.Contains(root.GetProperty("consumers").EnumerateArray(), c => c.GetProperty("name").GetString()!.Length > 0);
        var events = root.GetProperty("events");
        foreach (var field in new[] { "stream_length", "pending", "dead_letter_length", "buffered_in_api", "dropped_in_api", "held_for_replay_in_api" })
            Assert.True(events.TryGetProperty(field, out _), "events." + field);
    }

    [Fact]
    public async Task StatusCountsSiteEventsOnTheirOwnStream()
    {
        var site = await app.Api.RegisterSiteAsync("status");
        for (var i = 0; i < 3; i++)
        {
            using var response = await app.SendAsync(EventClient.Event(site, path: $"/page/{i}"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
        await app.WaitForStoredEventsAsync(site, 3);

        // Once stored and acknowledged nothing is pending, and the live worker reads the events stream under the one
        // name its heartbeat carries (so the departed-worker sweep can tell it from a gone one in either group).
        var status = await Eventually.WaitForAsync(() => app.Api.GetFromJsonAsync<JsonDocument>("/worker/status"),
            d => d!.RootElement.GetProperty("events").GetProperty("pending").GetInt64() == 0, TimeSpan.FromSeconds(30), "no event pending");
        var events = status!.RootElement.GetProperty("events");
        Assert.True(events.GetProperty("stream_length").GetInt64() >= 0);
        var workers = status.RootElement.GetProperty("workers").EnumerateArray().Select(w => w.GetProperty("consumer").GetString()).ToList();
        Assert.Contains(events.GetProperty("consumers").EnumerateArray(), c => workers.Contains(c.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task StatusNeedsAKey()
    {
        using var response = await app.Anonymous.GetAsync("/worker/status");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task OperatingThePipelineIsForAdminsOnly()
    {
        var (user, _) = await app.NewUserAsync();
        using var status = await user.GetAsync("/worker/status");
        using var replay = await user.PostAsJsonAsync("/worker/dlq/replay", new { });
        Assert.Equal(HttpStatusCode.Forbidden, status.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, replay.StatusCode);
        Assert.Equal("application/problem+json", status.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task AWorkerThatIsLongGoneIsForgottenAndTheLiveOneIsKept()
    {
        // As a worker process that ended an hour ago leaves them: a consumer with nothing pending and an old heartbeat.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(app.CacheConnectionString);
        var db = redis.GetDatabase();
        const string gone = "departed-worker-1";
        await db.ExecuteAsync("XGROUP", "CREATECONSUMER", ClickStream.Key, ClickStream.ConsumerGroup, gone);
        await db.HashSetAsync(WorkerStatusKeys.Heartbeats, gone, JsonSerializer.Serialize(
            new WorkerHeartbeat(gone, DateTimeOffset.UtcNow.AddHours(-1), null, 0, 0, 0, 0)));

        // The app's workers forget after 5 s (AppFixture); they look every 2 s.
        await Eventually.WaitForAsync(async () => (await db.StreamConsumerInfoAsync(ClickStream.Key, ClickStream.ConsumerGroup))
            .Select(c => (string)c.Name!).ToList(), names => !names.Contains(gone), TimeSpan.FromSeconds(30), "the departed consumer to be removed");
        await Eventually.WaitForAsync(() => db.HashExistsAsync(WorkerStatusKeys.Heartbeats, gone), exists => !exists,
            TimeSpan.FromSeconds(30), "the departed worker's heartbeat to be removed");

        using var health = await app.Api.GetFromJsonAsync<JsonDocument>("/worker/health");
        var live = Assert.Single(health!.RootElement.GetProperty("workers").EnumerateArray()).GetProperty("consumer").GetString();
        Assert.Contains(await db.StreamConsumerInfoAsync(ClickStream.Key, ClickStream.ConsumerGroup), c => c.Name == live);
    }

    [Fact]
    public async Task ADepartedWorkersEventConsumerIsForgottenAndTheLiveOneIsKept()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(app.CacheConnectionString);
        var db = redis.GetDatabase();
        const string gone = "departed-event-worker-1";
        await db.ExecuteAsync("XGROUP", "CREATECONSUMER", EventStream.Pipeline.Key, EventStream.Pipeline.ConsumerGroup, gone);

        await Eventually.WaitForAsync(async () => (await db.StreamConsumerInfoAsync(EventStream.Pipeline.Key, EventStream.Pipeline.ConsumerGroup))
            .Select(c => (string)c.Name!).ToList(), names => !names.Contains(gone), TimeSpan.FromSeconds(30), "the departed event consumer to be removed");

        using var health = await app.Api.GetFromJsonAsync<JsonDocument>("/worker/health");
        var live = Assert.Single(health!.RootElement.GetProperty("workers").EnumerateArray()).GetProperty("consumer").GetString();
        Assert.Contains(await db.StreamConsumerInfoAsync(EventStream.Pipeline.Key, EventStream.Pipeline.ConsumerGroup), c => c.Name == live);
    }

    [Fact]
    public async Task PoisonEntriesLandInTheDeadLetterQueueWhileEverythingElseIsStored()
    {
        var link = await app.CreateLinkAsync("https://example.com/poison");
        var redis = await ConnectionMultiplexer.ConnectAsync(app.CacheConnectionString);
        var db = redis.GetDatabase();
        var unreadable = await db.StreamAddAsync(ClickStream.Key, [new("id", "not-a-uuid"), new("link", "x"), new("ts", "1")]);
        // PostgreSQL refuses NUL in text: this one fails inside the batch, which must be split around it.
        var nul = Guid.NewGuid();
        var rejected = await db.StreamAddAsync(ClickStream.Key, ClickEventCodec.ToEntries(
            new ClickEvent(nul, link.Id, DateTimeOffset.UtcNow, "203.0.113.9", "bad\0agent", null, null)));
        for (var i = 0; i < 20; i++) await app.FollowAsync(link.Slug);

        await app.WaitForStoredClicksAsync(link.Id, 20);
        var dlq = await Eventually.WaitForAsync(() => DeadLettersAsync(), d => d.Any(e => e.Source == (string)rejected!) && d.Any(e => e.Source == (string)unreadable!),
            TimeSpan.FromSeconds(30), "both poison entries in the DLQ");
        Assert.Contains("22021", dlq.Single(e => e.Source == (string)rejected!).Error); // invalid byte sequence
        Assert.Equal(20, await app.StoredClicksAsync(link.Id));
        await redis.DisposeAsync();
    }

    [Fact]
    public async Task AnEntryThatKeepsFailingIsDeadLetteredWithItsErrorAndItsBatchMatesAreStored()
    {
        var link = await app.CreateLinkAsync("https://example.com/fails-five-times");
        var now = DateTimeOffset.UtcNow;
        var redis = await ConnectionMultiplexer.ConnectAsync(app.CacheConnectionString);
        var db = redis.GetDatabase();
        var batch = db.CreateBatch();
        var adds = new[] { link.Id, AppFixture.PoisonLinkId, link.Id }
            .Select(id => batch.StreamAddAsync(ClickStream.Key, ClickEventCodec.ToEntries(new ClickEvent(Guid.NewGuid(), id, now, null, "ua", null, null))))
            .ToList();
        batch.Execute();
        var poisonId = (string)(await adds[1])!;
        await redis.DisposeAsync();

        Assert.Equal(2, await app.WaitForStoredClicksAsync(link.Id, 2));
        var dead = await Eventually.WaitForAsync(DeadLettersAsync, d => d.Any(e => e.Source == poisonId), TimeSpan.FromSeconds(60), "the failing entry in the DLQ");
        var error = dead.Single(e => e.Source == poisonId).Error;
        Assert.StartsWith("failed 5 times; last error: InvalidOperationException: Chaos: a click of link", error);
    }

    [Fact]
    public async Task ABadClickInsideAPackGoesAloneToTheDeadLetterQueueAndTheRestOfThePackIsStored()
    {
        var link = await app.CreateLinkAsync("https://example.com/pack");
        var now = DateTimeOffset.UtcNow;
        var bad = new ClickEvent(Guid.NewGuid(), link.Id, now, "203.0.113.1", "nul\0inside", null, null);
        var pack = Enumerable.Range(0, 9).Select(_ => new ClickEvent(Guid.NewGuid(), link.Id, now, "203.0.113.1", "ok", null, null))
            .Append(bad).ToList();
        var redis = await ConnectionMultiplexer.ConnectAsync(app.CacheConnectionString);
        var id = await redis.GetDatabase().StreamAddAsync(ClickStream.Key, ClickPackCodec.ToEntries(pack));
        await redis.DisposeAsync();

        Assert.Equal(9, await app.WaitForStoredClicksAsync(link.Id, 9));
        var dead = await Eventually.WaitForAsync(DeadLettersAsync, d => d.Any(e => e.Source == (string)id!), TimeSpan.FromSeconds(30), "the bad click in the DLQ");
        Assert.Single(dead, e => e.Source == (string)id!);
        Assert.Equal(9, await app.StoredClicksAsync(link.Id));
    }

    [Fact]
    public async Task ReplayingADeadLetterSendsItBackToTheStreamAndStoresIt()
    {
        var link = await app.CreateLinkAsync("https://example.com/replay");
        var redis = await ConnectionMultiplexer.ConnectAsync(app.CacheConnectionString);
        var click = new ClickEvent(Guid.NewGuid(), link.Id, DateTimeOffset.UtcNow, null, "replayed", null, null);
        var id = await redis.GetDatabase().StreamAddAsync(ClickStream.DeadLetterKey,
            [.. ClickEventCodec.ToEntries(click), new NameValueEntry("error", "simulated outage"), new NameValueEntry("source_id", "1-0")]);

        using var response = await app.Api.PostAsJsonAsync("/worker/dlq/replay", new { ids = new[] { (string)id! } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await response.Content.ReadFromJsonAsync<JsonDocument>();
        Assert.Equal(1, body!.RootElement.GetProperty("replayed").GetInt32());
        Assert.Equal(1, await app.WaitForStoredClicksAsync(link.Id, 1));
        Assert.DoesNotContain(await DeadLettersAsync(), e => e.Id == (string)id!);
        await redis.DisposeAsync();
    }

    private async Task<List<(string Id, string Source, string Error)>> DeadLettersAsync()
    {
        var all = new List<(string, string, string)>();
        string? after = null;
        do
        {
            using var page = await app.Api.GetFromJsonAsync<JsonDocument>($"/worker/dlq?limit=2{(after is null ? "" : "&after=" + after)}");
            foreach (var e in page!.RootElement.GetProperty("entries").EnumerateArray())
                all.Add((e.GetProperty("id").GetString()!, e.GetProperty("source_id").GetString() ?? "", e.GetProperty("error").GetString() ?? ""));
            after = page.RootElement.GetProperty("next").GetString();
        }
        while (after is not null);
        return all;
    }
}
