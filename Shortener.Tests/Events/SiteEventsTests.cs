using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Shortener.Tests.Infrastructure;
using Shortener.Tests.Links;
using Shortener.Tests.Stats;
using static Shortener.Tests.Events.EventClient;

namespace Shortener.Tests.Events;

/// <summary>Sites, POST /api/event(s) and GET /api/stats, in an app whose worker rolls up every second.</summary>
[Collection(StatsCollection.Name)]
public sealed class SiteEventsTests(StatsFixture app)
{
    [Fact]
    public async Task ThreeEventsAreAcceptedAtOnceAndCountedAsViewsUniqueUsersAndTopPathsBeforeAndAfterTheRollup()
    {
        var site = await app.Api.RegisterSiteAsync("three");
        object[] events =
        [
            Event(site, path: "/pricing", userId: "alice"),
            Event(site, path: "/pricing", userId: "bob"),
            Event(site, type: "signup", path: "/home", userId: "alice"),
        ];
        foreach (var e in events)
        {
            using var response = await app.SendAsync(e);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(body.GetProperty("success").GetBoolean());
            Assert.Equal("Event received and queued for processing", body.GetProperty("message").GetString());
        }

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var fresh = await Eventually.WaitForAsync(() => app.SiteStatsAsync($"site_id={site}&date={today}"),
            s => s.GetProperty("total_views").GetInt64() == 3, TimeSpan.FromSeconds(60), "three views");
        AssertThree(fresh, site, today);

        // Once the rollup has folded them in, the same answer comes from the rollups alone.
        var rolled = await Eventually.WaitForAsync(() => app.SiteStatsAsync($"site_id={site}&date={today}"),
            s => s.GetProperty("source").GetProperty("raw_events").GetInt64() == 0, TimeSpan.FromSeconds(60), "a rollup run");
        AssertThree(rolled, site, today);
        Assert.Equal(1, rolled.GetProperty("source").GetProperty("rollup_days").GetInt32());

        var signups = await app.SiteStatsAsync($"site_id={site}&event_type=signup");
        Assert.Equal(1, signups.GetProperty("total_views").GetInt64());
        Assert.Equal(["/home:1"], Paths(signups));
        var top1 = await app.SiteStatsAsync($"site_id={site}&top=1");
        Assert.Equal(["/pricing:2"], Paths(top1));
    }

    private static void AssertThree(JsonElement stats, string site, string today)
    {
        Assert.Equal(site, stats.GetProperty("site_id").GetString());
        Assert.Equal(today, stats.GetProperty("date").GetString());
        Assert.Equal(3, stats.GetProperty("total_views").GetInt64());
        Assert.Equal(2, stats.GetProperty("unique_users").GetInt64());
        Assert.Equal(["/pricing:2", "/home:1"], Paths(stats));
        Assert.Equal([$"{today}:3/2"], stats.GetProperty("daily").EnumerateArray()
            .Select(d => $"{d.GetProperty("date").GetString()}:{d.GetProperty("views").GetInt64()}/{d.GetProperty("unique_users").GetInt64()}"));
        Assert.Equal(["pageview:2", "signup:1"], stats.GetProperty("event_types").EnumerateArray()
            .Select(t => $"{t.GetProperty("event_type").GetString()}:{t.GetProperty("count").GetInt64()}"));
    }

    private static string[] Paths(JsonElement stats) =>
        [.. stats.GetProperty("top_paths").EnumerateArray().Select(p => $"{p.GetProperty("path").GetString()}:{p.GetProperty("views").GetInt64()}")];

    [Fact]
    public async Task TopPathsTiesAreBrokenByPathAndEventsWithoutAUserCountOneVisitorPerAddressAndAgent()
    {
        var site = await app.Api.RegisterSiteAsync("ties");
        using var batch = await app.Anonymous.PostAsJsonAsync("/api/events",
            new[] { Event(site, path: "/b"), Event(site, path: "/a"), Event(site, path: "/c"), Event(site, path: "/c"), Event(site, path: null) });
        Assert.Equal(HttpStatusCode.Accepted, batch.StatusCode);
        Assert.Equal(5, (await batch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32());

        var stats = await Eventually.WaitForAsync(() => app.SiteStatsAsync($"site_id={site}"),
            s => s.GetProperty("total_views").GetInt64() == 5, TimeSpan.FromSeconds(60), "five views");
        Assert.Equal(["/c:2", "/a:1", "/b:1"], Paths(stats));
        // One client (one address, one user agent) and no user ids: one visitor.
        Assert.Equal(1, stats.GetProperty("unique_users").GetInt64());

        // The raw address is nowhere in the row.
        await using var conn = await app.OpenDatabaseAsync();
        var rows = await conn.QueryAsync<string>("SELECT row_to_json(e)::text FROM events e WHERE site_id = @site", new { site });
        Assert.All(rows, row => Assert.DoesNotContain("127.0.0.1", row));
    }

    [Fact]
    public async Task AnEventSentAgainWithItsEventIdIsStoredOnce()
    {
        var site = await app.Api.RegisterSiteAsync("retry");
        var id = Guid.NewGuid();
        for (var i = 0; i < 3; i++)
        {
            using var response = await app.SendAsync(Event(site, eventId: id));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
        using (var marker = await app.SendAsync(Event(site, path: "/after"))) Assert.Equal(HttpStatusCode.Accepted, marker.StatusCode);

        await Eventually.WaitForAsync(async () =>
        {
            await using var conn = await app.OpenDatabaseAsync();
            return await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM events WHERE site_id = @site AND path = '/after'", new { site });
        }, n => n == 1, TimeSpan.FromSeconds(60), "the marker event");
        Assert.Equal(2, await app.StoredEventsAsync(site));
    }

    [Fact]
    public async Task InvalidEventsAnswer400NamingEveryFailingFieldAndChangeNothing()
    {
        var site = await app.Api.RegisterSiteAsync("invalid");
        using (var response = await app.SendAsync(new
               {
                   site_id = site, event_type = new string('x', 101), path = new string('p', 1001), user_id = new string('u', 256),
                   timestamp = "2026-12-02 10:00", event_id = "not-a-uuid",
               }))
        {
            var problem = await AssertValidationAsync(response);
            Assert.Equal(["event_id", "event_type", "path", "timestamp", "user_id"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
            Assert.Equal(5, problem.GetProperty("details").GetArrayLength());
        }
        using (var missing = await app.SendAsync(new { path = "/" }))
            Assert.Equal(["event_type", "site_id", "timestamp"], (await AssertValidationAsync(missing)).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
        using (var ahead = await app.SendAsync(Event(site, at: DateTimeOffset.UtcNow.AddMinutes(6)))) await AssertValidationAsync(ahead);
        using (var old = await app.SendAsync(Event(site, at: DateTimeOffset.UtcNow.AddDays(-32)))) await AssertValidationAsync(old);
        using (var noOffset = await app.SendAsync(new { site_id = site, event_type = "pageview", timestamp = "2026-12-02T10:00:00" })) await AssertValidationAsync(noOffset);
        using (var wrongType = await app.SendAsync(new { site_id = site, event_type = 7, timestamp = DateTimeOffset.UtcNow })) await AssertValidationAsync(wrongType);
        using (var notJson = await app.Anonymous.PostAsync("/api/event", new StringContent("{\"site_id\":", Encoding.UTF8, "application/json"))) await AssertValidationAsync(notJson);

        using (var unknown = await app.SendAsync(Event("no-such-site." + Guid.NewGuid().ToString("N")[..8])))
        {
            LinkClient.AssertProblem(unknown, HttpStatusCode.NotFound);
            Assert.False((await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("success").GetBoolean());
        }
        var big = new string('a', 70 * 1024);
        using (var tooBig = await app.Anonymous.PostAsync("/api/event",
                   new StringContent($"{{\"site_id\":\"{site}\",\"event_type\":\"x\",\"timestamp\":\"{DateTimeOffset.UtcNow:O}\",\"pad\":\"{big}\"}}", Encoding.UTF8, "application/json")))
            LinkClient.AssertProblem(tooBig, HttpStatusCode.RequestEntityTooLarge);

        using (var badIndex = await app.Anonymous.PostAsJsonAsync("/api/events",
                   new[] { Event(site), Event(site, at: DateTimeOffset.UtcNow.AddDays(-40)), Event(site), new { site_id = site } }))
        {
            var problem = await AssertValidationAsync(badIndex);
            Assert.Equal(["[1].timestamp", "[3].event_type", "[3].timestamp"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
        }
        using (var tooMany = await app.Anonymous.PostAsJsonAsync("/api/events", Enumerable.Range(0, 1001).Select(_ => new { site_id = site }).ToArray()))
            LinkClient.AssertProblem(tooMany, HttpStatusCode.RequestEntityTooLarge);

        // A good event after all of them is the only one stored.
        using (var good = await app.SendAsync(Event(site))) Assert.Equal(HttpStatusCode.Accepted, good.StatusCode);
        await app.WaitForStoredEventsAsync(site, 1);
        var stats = await app.SiteStatsAsync($"site_id={site}");
        Assert.Equal(1, stats.GetProperty("total_views").GetInt64());
        Assert.Equal(1, await app.StoredEventsAsync(site));
    }

    private static async Task<JsonElement> AssertValidationAsync(HttpResponseMessage response)
    {
        LinkClient.AssertProblem(response, HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(problem.GetProperty("success").GetBoolean());
        Assert.Equal("Validation failed", problem.GetProperty("error").GetString());
        Assert.True(problem.GetProperty("details").GetArrayLength() > 0);
        return problem;
    }

    [Fact]
    public async Task SitesBelongToTheirOwnerAndADeletedSiteTakesNoMoreEvents()
    {
        var (alice, _) = await app.NewUserAsync();
        var (mallory, _) = await app.NewUserAsync();
        var site = await alice.RegisterSiteAsync("alices");
        using (var again = await mallory.PostAsJsonAsync("/sites", new { site_id = site })) LinkClient.AssertProblem(again, HttpStatusCode.Conflict);
        using (var bad = await alice.PostAsJsonAsync("/sites", new { site_id = "has space" })) LinkClient.AssertProblem(bad, HttpStatusCode.BadRequest);

        var mine = await alice.GetFromJsonAsync<JsonElement>("/sites");
        Assert.Equal([site], mine.EnumerateArray().Select(s => s.GetProperty("site_id").GetString()));
        Assert.Empty((await mallory.GetFromJsonAsync<JsonElement>("/sites")).EnumerateArray());
        using (var get = await mallory.GetAsync($"/sites/{site}")) LinkClient.AssertProblem(get, HttpStatusCode.Forbidden);
        using (var stats = await mallory.GetAsync($"/api/stats?site_id={site}&top=0")) LinkClient.AssertProblem(stats, HttpStatusCode.Forbidden);
        using (var delete = await mallory.DeleteAsync($"/sites/{site}")) LinkClient.AssertProblem(delete, HttpStatusCode.Forbidden);
        using (var admin = await app.Api.GetAsync($"/api/stats?site_id={site}")) Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        using (var badQuery = await alice.GetAsync($"/api/stats?site_id={site}&date=2026-13-01")) LinkClient.AssertProblem(badQuery, HttpStatusCode.BadRequest);

        using (var sent = await app.SendAsync(Event(site))) Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        await app.WaitForStoredEventsAsync(site, 1);
        using (var delete = await alice.DeleteAsync($"/sites/{site}")) Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using (var gone = await alice.GetAsync($"/sites/{site}")) LinkClient.AssertProblem(gone, HttpStatusCode.NotFound);
        using (var refused = await app.SendAsync(Event(site))) LinkClient.AssertProblem(refused, HttpStatusCode.NotFound);
        Assert.Equal(0, await app.StoredEventsAsync(site));
    }
}
