using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Shortener.Tests.Infrastructure;
using Shortener.Tests.Links;
using Shortener.Tests.Pipeline;

namespace Shortener.Tests.Live;

[Collection(AppCollection.Name)]
public sealed class LiveClicksTests(AppFixture app)
{
    private const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private const string Googlebot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    private static readonly TimeSpan s_eventWait = TimeSpan.FromSeconds(30);

    private Uri Api => app.App.GetEndpoint("api");

    [Fact]
    public async Task AnOwnerSeesExactlyTheClicksOfTheirLinkInOrderWithinTwoSeconds()
    {
        var (owner, key) = await app.NewUserAsync();
        var link = await owner.CreateAsync(new { url = "https://example.com/live" });
        var other = await owner.CreateAsync(new { url = "https://example.com/live-other" });
        await using var live = await LiveStream.OpenAsync(Api, $"/links/{link.Slug()}/clicks/live", key.Key);

        var received = new List<SseEvent>();
        var latencies = new List<TimeSpan>();
        for (var i = 0; i < 8; i++)
        {
            await ClickAsync(other.Slug(), $"https://other-{i}.example/"); // the owner's too, but not this stream's link
            var clicked = Stopwatch.StartNew();
            await ClickAsync(link.Slug(), $"https://ref-{i}.example/");
            received.Add(await live.NextAsync(s_eventWait));
            latencies.Add(clicked.Elapsed);
        }

        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"ref-{i}.example"), received.Select(e => e.ReferrerHost));
        Assert.All(received, e => Assert.Equal(("click", link.Slug()), (e.Event, e.Slug)));
        Assert.True(latencies.Max() < TimeSpan.FromSeconds(2), $"click to live event took up to {latencies.Max().TotalMilliseconds:0} ms");
        // What is shown is what was stored, enriched.
        await using var conn = await app.OpenDatabaseAsync();
        var stored = (await conn.QueryAsync<(Guid EventId, DateTime OccurredAt, string? Country, string ReferrerHost, string Browser, string Os,
            string DeviceType, bool IsBot)>("""
            SELECT event_id, occurred_at, country, referrer_host, browser, os, device_type, is_bot FROM clicks c
            JOIN links l ON l.id = c.link_id WHERE l.slug = @slug ORDER BY occurred_at, event_id
            """, new { slug = link.Slug() })).ToList();
        Assert.Equal(stored.Select(s => s.EventId), received.Select(e => e.EventId));
        foreach (var (row, e) in stored.Zip(received))
        {
            var json = e.Json;
            Assert.Equal(new DateTimeOffset(row.OccurredAt, TimeSpan.Zero), json.GetProperty("occurred_at").GetDateTimeOffset());
            Assert.Equal(row.Country, json.GetProperty("country").GetString());
            Assert.Equal((row.ReferrerHost, row.Browser, row.Os, row.DeviceType, row.IsBot), (json.GetProperty("referrer_host").GetString(),
                json.GetProperty("browser").GetString(), json.GetProperty("os").GetString(), json.GetProperty("device_type").GetString(),
                json.GetProperty("is_bot").GetBoolean()));
        }
        Assert.Equal(("Chrome", "desktop", false), (stored[0].Browser, stored[0].DeviceType, stored[0].IsBot));
        Assert.All(received, e => Assert.Matches(@"^\d+-\d+:\d+$", e.Id!));
    }

    [Fact]
    public async Task AnotherUserSeesNoneOfThem()
    {
        var (owner, ownerKey) = await app.NewUserAsync();
        var (stranger, strangerKey) = await app.NewUserAsync();
        var link = await owner.CreateAsync(new { url = "https://example.com/mine" });
        var strangersLink = await stranger.CreateAsync(new { url = "https://example.com/theirs" });

        using (var response = await stranger.GetAsync($"/links/{link.Slug()}/clicks/live"))
            LinkClient.AssertProblem(response, HttpStatusCode.Forbidden);
        await using var ownerLive = await LiveStream.OpenAsync(Api, $"/links/{link.Slug()}/clicks/live", ownerKey.Key);
        await using var strangerLive = await LiveStream.OpenAsync(Api, "/clicks/live", strangerKey.Key);

        for (var i = 0; i < 5; i++) await ClickAsync(link.Slug(), $"https://owner-{i}.example/");
        Assert.All(await ownerLive.TakeAsync(5, s_eventWait), e => Assert.Equal(link.Slug(), e.Slug));
        // The owner's clicks have been fanned out already; the stranger's own click comes after them in the same feed, so
        // it is the first thing the stranger sees only if none of the owner's came through.
        await ClickAsync(strangersLink.Slug(), "https://stranger.example/");
        var first = await strangerLive.NextAsync(s_eventWait);
        Assert.Equal((strangersLink.Slug(), "stranger.example"), (first.Slug, first.ReferrerHost));
    }

    [Fact]
    public async Task TheEndpointsRefuseWhatTheyCannotServe()
    {
        var (owner, _) = await app.NewUserAsync();
        var link = await owner.CreateAsync(new { url = "https://example.com/refusals" });
        using (var response = await app.Anonymous.GetAsync($"/links/{link.Slug()}/clicks/live"))
            LinkClient.AssertProblem(response, HttpStatusCode.Unauthorized);
        using (var response = await app.Anonymous.GetAsync("/clicks/live"))
            LinkClient.AssertProblem(response, HttpStatusCode.Unauthorized);
        // A key in the URL is never read (EventSource cannot send headers; browsers use the session cookie instead).
        using (var response = await app.Anonymous.GetAsync($"/clicks/live?api_key={app.AdminKey}&key={app.AdminKey}"))
            LinkClient.AssertProblem(response, HttpStatusCode.Unauthorized);
        using (var response = await owner.GetAsync("/links/no-such-link-here/clicks/live"))
            LinkClient.AssertProblem(response, HttpStatusCode.NotFound);
        using (var response = await owner.GetAsync($"/links/{link.Slug()}/clicks/live?include_bots=maybe"))
            LinkClient.AssertProblem(response, HttpStatusCode.BadRequest);
        using var badResume = new HttpRequestMessage(HttpMethod.Get, "/clicks/live");
        badResume.Headers.Add("Last-Event-ID", "yesterday");
        using (var response = await owner.SendAsync(badResume))
            LinkClient.AssertProblem(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task BotsAreFlaggedAndLeftOutWhenAsked()
    {
        var (owner, key) = await app.NewUserAsync();
        var link = await owner.CreateAsync(new { url = "https://example.com/bots" });
        await using var all = await LiveStream.OpenAsync(Api, $"/links/{link.Slug()}/clicks/live", key.Key);
        await using var humans = await LiveStream.OpenAsync(Api, $"/links/{link.Slug()}/clicks/live?include_bots=false", key.Key);

        await ClickAsync(link.Slug(), "https://first.example/");
        await ClickAsync(link.Slug(), "https://crawl.example/", Googlebot);
        await ClickAsync(link.Slug(), "https://last.example/");

        var everything = await all.TakeAsync(3, s_eventWait);
        Assert.Equal([false, true, false], everything.Select(e => e.Json.GetProperty("is_bot").GetBoolean()));
        Assert.Equal(["first.example", "last.example"], (await humans.TakeAsync(2, s_eventWait)).Select(e => e.ReferrerHost));
    }

    [Fact]
    public async Task AResumeWithLastEventIdLosesNothingAndRepeatsNothing()
    {
        var (owner, key) = await app.NewUserAsync();
        var link = await owner.CreateAsync(new { url = "https://example.com/resume" });
        List<SseEvent> seen;
        await using (var first = await LiveStream.OpenAsync(Api, "/clicks/live", key.Key))
        {
            // Clicked together, so several of them may share one clicks:live entry: the resume point can be inside one.
            await Task.WhenAll(Enumerable.Range(0, 6).Select(i => ClickAsync(link.Slug(), $"https://c{i}.example/")));
            seen = await first.TakeAsync(3, s_eventWait);
        }
        // Clicked while nobody watches.
        for (var i = 6; i < 10; i++) await ClickAsync(link.Slug(), $"https://c{i}.example/");
        await app.WaitForStoredClicksAsync(await LinkIdAsync(link.Slug()), 10);

        await using var resumed = await LiveStream.OpenAsync(Api, "/clicks/live", key.Key, lastEventId: seen[^1].Id);
        for (var i = 10; i < 14; i++) await ClickAsync(link.Slug(), $"https://c{i}.example/");
        var after = await resumed.TakeAsync(11, s_eventWait);

        // Every stored click exactly once across the two connections, in stream order.
        Assert.All(after, e => Assert.Equal("click", e.Event));
        var both = seen.Concat(after).ToList();
        Assert.Equal(await StoredEventIdsAsync(link.Slug()), both.Select(e => e.EventId).Order().ToList());
        Assert.Equal(both.Select(e => Position(e.Id!)).Order(), both.Select(e => Position(e.Id!)));
        Assert.Empty(resumed.Drain());
    }

    [Fact]
    public async Task AResumeFromAPointNoLongerHeldSaysSoAndCarriesOn()
    {
        var (owner, key) = await app.NewUserAsync();
        var link = await owner.CreateAsync(new { url = "https://example.com/gone" });
        await ClickAsync(link.Slug(), "https://held.example/");
        await app.WaitForStoredClicksAsync(await LinkIdAsync(link.Slug()), 1);

        // An id from long before anything the capped stream holds.
        await using var resumed = await LiveStream.OpenAsync(Api, $"/links/{link.Slug()}/clicks/live", key.Key, lastEventId: "1-0:0");
        var gap = await resumed.NextAsync(s_eventWait);
        Assert.Equal("gap", gap.Event);
        Assert.Equal("resume_point_not_held", gap.Json.GetProperty("reason").GetString());
        // What the stream still holds after that point follows (the click may be published a moment after it is stored).
        await ClickAsync(link.Slug(), "https://later.example/");
        Assert.Equal(["held.example", "later.example"], (await resumed.TakeAsync(2, s_eventWait)).Select(e => e.ReferrerHost));
    }

    [Fact]
    public async Task AStalledClientGetsAGapWhileALiveClientGetsEverything()
    {
        var (owner, key) = await app.NewUserAsync();
        var link = await owner.CreateAsync(new { url = "https://example.com/stall" });
        var path = $"/links/{link.Slug()}/clicks/live";
        await using var stalled = await LiveStream.OpenAsync(Api, path, key.Key, stalled: true);
        await using var live = await LiveStream.OpenAsync(Api, path, key.Key);
        var gapsBefore = (await StatusAsync()).GetProperty("live_gaps_in_api").GetInt64();

        // The stalled client's queue, and the socket buffers before it, fill up at some point: click in rounds until the
        // api reports a gap, while the live client keeps up with every round.
        var clicks = 0;
        var received = new List<SseEvent>();
        for (var round = 0; round < 40 && (await StatusAsync()).GetProperty("live_gaps_in_api").GetInt64() == gapsBefore; round++)
        {
            await ClickManyAsync(link.Slug(), 500);
            clicks += 500;
            received.AddRange(await live.TakeAsync(clicks - received.Count, s_eventWait));
        }
        Assert.True((await StatusAsync()).GetProperty("live_gaps_in_api").GetInt64() > gapsBefore, $"no gap after {clicks} clicks");
        await ClickManyAsync(link.Slug(), 20);
        clicks += 20;
        received.AddRange(await live.TakeAsync(clicks - received.Count, s_eventWait));

        var stored = await StoredEventIdsAsync(link.Slug());
        Assert.Equal(stored, received.Select(e => e.EventId).Order().ToList());
        Assert.Empty(live.Drain());

        // Once it reads again, the stalled client gets a gap (and how many events it skipped), then carries on: every
        // click was either sent to it or counted as skipped, and the newest reached it.
        stalled.ResumeReading();
        long dropped = 0;
        var got = await stalled.TakeUntilAsync(events =>
        {
            dropped = events.Where(e => e.Event == "gap").Sum(e => e.Json.GetProperty("dropped").GetInt64());
            return events.Count(e => e.Event == "click") + dropped >= clicks;
        }, s_eventWait);
        var gaps = got.Where(e => e.Event == "gap").ToList();
        Assert.NotEmpty(gaps);
        Assert.All(gaps, g => Assert.Equal("fell_behind", g.Json.GetProperty("reason").GetString()));
        var gotClicks = got.Where(e => e.Event == "click").ToList();
        Assert.Equal(clicks, gotClicks.Count + dropped);
        Assert.True(dropped > 0);
        Assert.Equal(gotClicks.Count, gotClicks.Select(e => e.EventId).Distinct().Count());
        Assert.Equal(gotClicks.Select(e => Position(e.Id!)).Order(), gotClicks.Select(e => Position(e.Id!)));
        Assert.Equal(received[^1].EventId, gotClicks[^1].EventId);
    }

    [Fact]
    public async Task ClicksKeepBeingStoredWhile200ClientsAreConnected()
    {
        var (owner, key) = await app.NewUserAsync();
        var link = await owner.CreateAsync(new { url = "https://example.com/crowd" });
        var streams = new List<LiveStream>();
        try
        {
            for (var i = 0; i < 200; i++)
                streams.Add(await LiveStream.OpenAsync(Api, i % 2 == 0 ? $"/links/{link.Slug()}/clicks/live" : "/clicks/live", key.Key));
            Assert.True((await StatusAsync()).GetProperty("live_connections_in_api").GetInt32() >= 200);

            await ClickManyAsync(link.Slug(), 300);
            Assert.Equal(300, await app.WaitForStoredClicksAsync(await LinkIdAsync(link.Slug()), 300));
            var stored = await StoredEventIdsAsync(link.Slug());
            Assert.Equal(300, stored.Count);
            foreach (var stream in streams)
                Assert.Equal(stored, (await stream.TakeAsync(300, s_eventWait)).Select(e => e.EventId).Order().ToList());
        }
        finally
        {
            foreach (var stream in streams) await stream.DisposeAsync();
        }
    }

    private async Task ClickAsync(string slug, string? referrer = null, string userAgent = Chrome)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/{slug}");
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        if (referrer is not null) request.Headers.Referrer = new Uri(referrer);
        using var response = await app.Anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
    }

    private Task ClickManyAsync(string slug, int count) =>
        Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, _) => await ClickAsync(slug));

    private async Task<JsonElement> StatusAsync() => await app.Api.GetFromJsonAsync<JsonElement>("/worker/status");

    private async Task<long> LinkIdAsync(string slug)
    {
        await using var conn = await app.OpenDatabaseAsync();
        return await conn.ExecuteScalarAsync<long>("SELECT id FROM links WHERE slug = @slug", new { slug });
    }

    private async Task<List<Guid>> StoredEventIdsAsync(string slug)
    {
        await using var conn = await app.OpenDatabaseAsync();
        return (await conn.QueryAsync<Guid>("SELECT event_id FROM clicks c JOIN links l ON l.id = c.link_id WHERE l.slug = @slug",
            new { slug })).Order().ToList();
    }

    /// <summary>An event id as the stream orders it: entry (milliseconds, sequence), then place in the entry.</summary>
    private static (ulong, ulong, int) Position(string id)
    {
        var parts = id.Split('-', ':');
        return (ulong.Parse(parts[0]), ulong.Parse(parts[1]), int.Parse(parts[2]));
    }
}
