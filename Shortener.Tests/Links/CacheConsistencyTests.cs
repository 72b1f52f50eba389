using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Shortener.Core;
using Shortener.Tests.Infrastructure;
using StackExchange.Redis;
using static Shortener.Tests.Links.LinkClient;

namespace Shortener.Tests.Links;

[Collection(LinksCollection.Name)]
public sealed class CacheConsistencyTests(LinksFixture app) : IAsyncLifetime
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(1);
    private ConnectionMultiplexer _redis = null!;

    public async Task InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(app.CacheConnectionString);

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task AfterAPutEveryRedirectMoreThanASecondLaterFromEitherInstanceGoesToTheNewTarget()
    {
        var slug = (await app.Api.CreateAsync(new { url = "https://example.com/old" })).Slug();
        var seen = await WatchAsync(slug, async () =>
        {
            using var put = await app.Api.PutAsJsonAsync($"/links/{slug}", new { url = "https://example.com/new" });
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        });

        var late = seen.Where(s => s.Late).ToList();
        Assert.NotEmpty(late);
        Assert.Contains(late, s => s.Instance == "api2");
        Assert.True(late.All(s => s.Location == "https://example.com/new"),
            "stale after more than 1 s: " + string.Join(", ", late.Where(s => s.Location != "https://example.com/new").Take(10)));
        await WaitForL2Async(slug, v => v.Contains("https://example.com/new"));
    }

    [Fact]
    public async Task AfterADeleteEveryRedirectMoreThanASecondLaterFromEitherInstanceIs404()
    {
        var slug = (await app.Api.CreateAsync(new { url = "https://example.com/to-delete" })).Slug();
        var seen = await WatchAsync(slug, async () =>
        {
            using var delete = await app.Api2.DeleteAsync($"/links/{slug}");
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        });

        var late = seen.Where(s => s.Late).ToList();
        Assert.True(late.All(s => s.Status == HttpStatusCode.NotFound),
            "still redirecting after more than 1 s: " + string.Join(", ", late.Where(s => s.Status != HttpStatusCode.NotFound).Take(10)));
    }

    [Fact]
    public async Task TheRefresherRepairsAStaleL2EntryFromALinkUpdatedEvent()
    {
        var slug = (await app.Api.CreateAsync(new { url = "https://example.com/truth" })).Slug();
        var db = _redis.GetDatabase();
        await db.StringSetAsync($"link:{slug}", """{"Id":1,"Url":"https://stale.example/","ExpiresAt":null}""");

        await db.StreamAddAsync(LinkEvents.ChangesStream, [new("type", LinkEvents.Updated), new("id", 0), new("slug", slug)]);

        await WaitForL2Async(slug, v => v.Contains("https://example.com/truth"));
        Assert.True((await db.KeyTimeToLiveAsync($"link:{slug}")) > TimeSpan.FromDays(29));
    }

    [Fact]
    public async Task AnUnknownSlugIsCachedAsMissingAndCreatingItClearsThatAtOnce()
    {
        var slug = UniqueSlug("later");
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous.FollowAsync(slug)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous2.FollowAsync(slug)).Status);
        Assert.Equal("-", (string?)await _redis.GetDatabase().StringGetAsync($"link:{slug}"));

        await app.Api.CreateAsync(new { url = "https://example.com/now-exists", slug });

        await Eventually.WaitForAsync(() => app.Anonymous2.FollowAsync(slug), r => r.Status != HttpStatusCode.NotFound, s_bound * 2, "the new slug on api2");
        Assert.Equal(HttpStatusCode.Found, (await app.Anonymous.FollowAsync(slug)).Status);
    }

    private sealed record Seen(string Instance, TimeSpan SinceChange, HttpStatusCode Status, string? Location)
    {
        public bool Late => SinceChange > s_bound;
    }

    /// <summary>
    /// Redirects through both instances from four clients while <paramref name="change"/> runs, until redirects issued
    /// more than the L1 lifetime after it have been seen; marks those issued more than a second after the change finished.
    /// </summary>
    private async Task<List<Seen>> WatchAsync(string slug, Func<Task> change)
    {
        var seen = new ConcurrentBag<Seen>();
        long changedAt = 0;
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            var (name, client) = i % 2 == 0 ? ("api", app.Anonymous) : ("api2", app.Anonymous2);
            while (!stop.IsCancellationRequested)
            {
                var issued = Stopwatch.GetTimestamp();
                var (status, location) = await client.FollowAsync(slug);
                var after = Interlocked.Read(ref changedAt);
                seen.Add(new Seen(name, after == 0 ? TimeSpan.MinValue : Stopwatch.GetElapsedTime(after, issued), status, location));
            }
        })).ToList();

        await Eventually.WaitForAsync(() => Task.FromResult(seen.Count), n => n >= 100, TimeSpan.FromSeconds(30), "redirects before the change");
        await change();
        Interlocked.Exchange(ref changedAt, Stopwatch.GetTimestamp());
        await Eventually.WaitForAsync(() => Task.FromResult(Stopwatch.GetElapsedTime(changedAt)), t => t > TimeSpan.FromSeconds(7),
            TimeSpan.FromSeconds(30), "redirects for longer than L1 lives");
        await stop.CancelAsync();
        await Task.WhenAll(readers);
        return [.. seen];
    }

    private Task WaitForL2Async(string slug, Func<string, bool> done) =>
        Eventually.WaitForAsync(async () => (string?)await _redis.GetDatabase().StringGetAsync($"link:{slug}") ?? "", done,
            TimeSpan.FromSeconds(10), $"link:{slug} in Redis");
}
