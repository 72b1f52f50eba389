using System.Net;
using System.Net.Http.Json;
using Dapper;
using Shortener.Tests.Infrastructure;
using Shortener.Tests.Links;
using StackExchange.Redis;
using static Shortener.Tests.Links.LinkClient;

namespace Shortener.Tests.RateLimiting;

[Collection(RateLimitCollection.Name)]
public sealed class RateLimitTests(RateLimitFixture app)
{
    private const int Burst = RateLimitFixture.RedirectBurst;

    /// <summary>A client address of its own for each test (the app trusts X-Forwarded-For).</summary>
    private static string NewAddress() => $"198.18.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string address)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", address);
        return await client.SendAsync(request);
    }

    private async Task<string> NewLinkAsync(string url = "https://example.com/limited") => (await app.Api.CreateAsync(new { url })).Slug();

    [Fact]
    public async Task RedirectsBeyondTheBurstAre429WithRetryAfter()
    {
        var slug = await NewLinkAsync();
        var address = NewAddress();
        for (var i = 0; i < Burst; i++)
            using (var ok = await GetAsync(app.Anonymous, $"/{slug}", address)) Assert.Equal(HttpStatusCode.Found, ok.StatusCode);

        using var limited = await GetAsync(app.Anonymous, $"/{slug}", address);
        AssertProblem(limited, HttpStatusCode.TooManyRequests);
        Assert.InRange(limited.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task BothInstancesDrawFromTheSameBucket()
    {
        var slug = await NewLinkAsync();
        var address = NewAddress();
        var api2 = app.Client("api2");
        var statuses = new List<(string Instance, HttpStatusCode Status)>();
        for (var i = 0; i < 2 * Burst; i++)
        {
            var (name, client) = i % 2 == 0 ? ("api", app.Anonymous) : ("api2", api2);
            using var response = await GetAsync(client, $"/{slug}", address);
            statuses.Add((name, response.StatusCode));
        }

        // Two separate buckets would have let all ten through; a refill (one per 5 s) may add one.
        Assert.InRange(statuses.Count(s => s.Status == HttpStatusCode.Found), Burst, Burst + 1);
        Assert.Contains(statuses, s => s is ("api", HttpStatusCode.TooManyRequests));
        Assert.Contains(statuses, s => s is ("api2", HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task EachClientAddressHasItsOwnBucket()
    {
        var slug = await NewLinkAsync();
        var greedy = NewAddress();
        for (var i = 0; i <= Burst; i++) (await GetAsync(app.Anonymous, $"/{slug}", greedy)).Dispose();
        using (var limited = await GetAsync(app.Anonymous, $"/{slug}", greedy)) Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);

        using var other = await GetAsync(app.Anonymous, $"/{slug}", NewAddress());
        Assert.Equal(HttpStatusCode.Found, other.StatusCode);
    }

    [Fact]
    public async Task TheApiHasItsOwnLimitAndHealthHasNone()
    {
        var address = NewAddress();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < RateLimitFixture.ApiBurst * 3; i++)
        {
            using var response = await GetAsync(app.Api, "/links?limit=1", address);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) Assert.NotNull(response.Headers.RetryAfter);
        }
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);

        var slug = await NewLinkAsync();
        using (var redirect = await GetAsync(app.Anonymous, $"/{slug}", address)) Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        for (var i = 0; i < 3 * Burst; i++)
            using (var alive = await GetAsync(app.Anonymous, "/alive", address)) Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task WhileRedisIsDownLimitsStayInProcessAndAChangeMadeThenReachesL2WhenItReturns()
    {
        var slug = await NewLinkAsync("https://example.com/before-outage");
        using (var warm = await GetAsync(app.Anonymous, $"/{slug}", NewAddress())) Assert.Equal(HttpStatusCode.Found, warm.StatusCode);
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(app.CacheConnectionString))
            await Eventually.WaitForAsync(async () => (string?)await redis.GetDatabase().StringGetAsync($"link:{slug}") ?? "",
                v => v.Contains("before-outage"), TimeSpan.FromSeconds(10), "the link in L2");

        await app.StopAsync("cache");
        try
        {
            var address = NewAddress();
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < Burst + 3; i++)
                using (var response = await GetAsync(app.Anonymous, $"/{slug}", address)) statuses.Add(response.StatusCode);
            Assert.Equal(Enumerable.Repeat(HttpStatusCode.Found, Burst), statuses.Take(Burst));
            Assert.Contains(HttpStatusCode.TooManyRequests, statuses.Skip(Burst));

            using var put = await app.Api.PutAsJsonAsync($"/links/{slug}", new { url = "https://example.com/during-outage" });
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            await using var conn = await app.OpenDatabaseAsync();
            Assert.Equal(1, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM link_changes_outbox WHERE slug = @slug", new { slug }));
        }
        finally
        {
            await app.StartAsync("cache");
            foreach (var resource in new[] { "cache", "api", "api2", "worker", "analytics" }) await app.WaitHealthyAsync(resource);
        }

        await using (var redis = await ConnectionMultiplexer.ConnectAsync(app.CacheConnectionString))
            await Eventually.WaitForAsync(async () => (string?)await redis.GetDatabase().StringGetAsync($"link:{slug}") ?? "",
                v => v.Contains("during-outage"), TimeSpan.FromSeconds(30), "the relayed change in L2");
        using var after = await GetAsync(app.Client("api2"), $"/{slug}", NewAddress());
        Assert.Equal("https://example.com/during-outage", after.Headers.Location?.ToString());
        var apiLogs = (await app.LogsAsync("api", 2000)).Concat(await app.LogsAsync("api2", 2000)).ToList();
        Assert.Contains(apiLogs, l => l.Contains("rate limits are kept per instance"));
        Assert.Contains(apiLogs, l => l.Contains("Relayed 1 pending link changes"));
    }
}
