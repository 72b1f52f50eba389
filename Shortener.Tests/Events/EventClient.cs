using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Shortener.Tests.Infrastructure;

namespace Shortener.Tests.Events;

/// <summary>What a site owner and a site's pages do, as test verbs.</summary>
public static class EventClient
{
    public static string NewSiteId(string name) => $"{name}.{Guid.NewGuid():N}"[..(name.Length + 13)];

    public static async Task<string> RegisterSiteAsync(this HttpClient client, string name)
    {
        var siteId = NewSiteId(name);
        using var response = await client.PostAsJsonAsync("/sites", new { site_id = siteId, name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return siteId;
    }

    public static object Event(string siteId, string type = "pageview", string? path = "/", string? userId = null, DateTimeOffset? at = null,
        Guid? eventId = null) =>
        new { site_id = siteId, event_type = type, path, user_id = userId, timestamp = (at ?? DateTimeOffset.UtcNow).ToString("O"), event_id = eventId };

    public static async Task<HttpResponseMessage> SendAsync(this AppFixture app, object e) => await app.Anonymous.PostAsJsonAsync("/api/event", e);

    public static async Task<long> StoredEventsAsync(this AppFixture app, string siteId)
    {
        await using var conn = await app.OpenDatabaseAsync();
        return await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM events WHERE site_id = @siteId", new { siteId });
    }

    public static Task<long> WaitForStoredEventsAsync(this AppFixture app, string siteId, long expected, TimeSpan? timeout = null) =>
        Eventually.WaitForAsync(() => app.StoredEventsAsync(siteId), n => n >= expected, timeout ?? TimeSpan.FromSeconds(90),
            $"{expected} stored events for site {siteId}");

    public static Task<JsonElement> SiteStatsAsync(this AppFixture app, string query) => app.SiteStatsAsync(app.Api, query);

    public static async Task<JsonElement> SiteStatsAsync(this AppFixture app, HttpClient client, string query)
    {
        using var response = await client.GetAsync($"/api/stats?{query}");
        if (response.StatusCode != HttpStatusCode.OK)
            Assert.Fail($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}{Environment.NewLine}" +
                string.Join(Environment.NewLine, (await app.LogsAsync("api", 400)).SkipWhile(l => !l.Contains("fail")).Take(25)));
        return (await response.Content.ReadFromJsonAsync<JsonElement>())!;
    }

    /// <summary>Posts events as fast as one client can until stopped, in batches of <paramref name="batch"/>, counting the events accepted.</summary>
    public sealed class EventLoad(AppFixture app, string siteId, int batch = 20)
    {
        private readonly CancellationTokenSource _stop = new();
        private long _accepted;
        private Task? _run;

        public long Accepted => Interlocked.Read(ref _accepted);

        public EventLoad Start()
        {
            _run = Task.Run(async () =>
            {
                var deadline = DateTime.UtcNow.AddMinutes(2);
                while (!_stop.IsCancellationRequested && _accepted < 200_000 && DateTime.UtcNow < deadline)
                {
                    var events = Enumerable.Range(0, batch).Select(i => Event(siteId, path: $"/p{i % 7}", userId: $"u{i % 5}")).ToArray();
                    using var response = await app.Anonymous.PostAsJsonAsync("/api/events", events);
                    Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                    Interlocked.Add(ref _accepted, batch);
                }
            });
            return this;
        }

        public Task WaitForAcceptedAsync(long count) =>
            Eventually.WaitForAsync(() => Task.FromResult(Accepted), n => n >= count || _run!.IsCompleted, TimeSpan.FromSeconds(60), $"{count} events");

        public async Task<long> StopAsync()
        {
            await _stop.CancelAsync();
            await _run!;
            return Accepted;
        }
    }
}
