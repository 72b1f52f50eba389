using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shortener.Core.Clicks;
using Shortener.Tests.Infrastructure;
using StackExchange.Redis;

namespace Shortener.Tests.Chaos;

/// <summary>An app whose api keeps at most 2,000 unacknowledged clicks to send again, so a test can go past the bound.</summary>
public sealed class SmallReplayLogFixture : AppFixture
{
    public const int MaxHeldClicks = 2000;

    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        base.Configure(builder);
        builder.CreateResourceBuilder<ProjectResource>("api")
            .WithEnvironment("Clicks__Replay__MaxHeldClicks", MaxHeldClicks.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

[CollectionDefinition(Name)]
public sealed class RedisDataLossCollection : ICollectionFixture<SmallReplayLogFixture>
{
    public const string Name = "redis-data-loss";
}

/// <summary>
/// Redis answers an XADD once the entry is in memory and fsyncs its AOF every second, so a crash of its machine (not
/// just of the process) loses the last second of acknowledged clicks. These tests reproduce that exactly: they copy
/// Redis's AOF while it runs (what the disk holds at that moment), let more clicks through, then bring Redis back
/// from the copy. Each ends with the stored count compared to the 302s served.
/// </summary>
[Collection(RedisDataLossCollection.Name)]
public sealed class RedisDataLossTests(SmallReplayLogFixture app) : IAsyncLifetime
{
    private ConnectionMultiplexer _redis = null!;

    /// <summary>The api's default batch size: clicks leave its log a batch at a time.</summary>
    private const int ApiBatchSize = 1024;

    public async Task InitializeAsync()
    {
        var options = ConfigurationOptions.Parse(app.CacheConnectionString);
        options.AbortOnConnectFail = false;
        _redis = await ConnectionMultiplexer.ConnectAsync(options);
    }

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task ClicksLostInARedisCrashAreSentAgainByTheApiAndStoredExactlyOnce()
    {
        var link = await StartWithWorkerStoppedAsync("https://example.com/redis-crash");
        var before = await LossesAsync();
        var sent = await SentAsync();

        await FollowAsync(link.Slug, 300);
        var disk = await SnapshotRedisDiskAsync(sent + 300);
        await FollowAsync(link.Slug, 500);
        await WaitForSentAsync(sent + 800);

        await RestartRedisFromAsync(disk);
        await StartWorkerAsync();

        Assert.Equal(801, await app.WaitForStoredClicksAsync(link.Id, 801));
        var after = await WaitForNewLossAsync(before);
        // At least the 500 sent after the copy. Under load Redis may answer before it has written to the AOF (it
        // postpones the write while an fsync is slow), so the copy can lack some earlier ones too, as a crash would.
        var lost = after.ClicksLost - before.ClicksLost;
        Assert.InRange(lost, 500, 800);
        Assert.Equal(lost, after.ClicksResent - before.ClicksResent);
        Assert.Equal(0, after.ClicksPossiblyLost - before.ClicksPossiblyLost);
        Assert.Contains(await app.LogsAsync("api", 400), l => l.Contains($"Redis lost {lost} clicks"));
    }

    [Fact]
    public async Task ClicksLostBeyondTheApisReplayLogAreBoundedAndReportedExactly()
    {
        var link = await StartWithWorkerStoppedAsync("https://example.com/redis-crash-bounded");
        var before = await LossesAsync();
        var sent = await SentAsync();

        await FollowAsync(link.Slug, 100);
        var disk = await SnapshotRedisDiskAsync(sent + 100);
        const int lost = SmallReplayLogFixture.MaxHeldClicks + 600;
        await FollowAsync(link.Slug, lost);
        await WaitForSentAsync(sent + 100 + lost);

        await RestartRedisFromAsync(disk);
        await StartWorkerAsync();

        var after = await WaitForNewLossAsync(before);
        var resent = after.ClicksResent - before.ClicksResent;
        var possiblyLost = after.ClicksPossiblyLost - before.ClicksPossiblyLost;
        var redisLost = after.ClicksLost - before.ClicksLost;
        Assert.InRange(redisLost, lost, lost + 100); // as above: the copy may lack a few sent before it
        // The loss is bounded by the log: all but the newest MaxHeldClicks (to within one batch) were sent again.
        Assert.InRange(resent, SmallReplayLogFixture.MaxHeldClicks - ApiBatchSize, SmallReplayLogFixture.MaxHeldClicks);
        Assert.Equal(redisLost, resent + possiblyLost);
        // ...and reported exactly: what is stored is what was served less what was reported lost.
        var expected = 1 + 100 + lost - possiblyLost;
        Assert.Equal(expected, await app.WaitForStoredClicksAsync(link.Id, expected));
    }

    [Fact]
    public async Task RedisComingBackEmptyUnderLoadLosesAndDoublesNothing()
    {
        var link = await app.CreateLinkAsync("https://example.com/redis-wiped");
        var before = await LossesAsync();
        var load = new ShortenerClient.RedirectLoad(app, link.Slug).Start();
        await load.WaitForServedAsync(300);

        // A new machine with nothing on its disk: the stream, its consumer group and the api's counter are all gone.
        await app.StopAsync("cache");
        Directory.Delete(AofDirectory, recursive: true);
        await app.StartAsync("cache");
        await app.WaitHealthyAsync("cache");

        await load.WaitForServedAsync(load.Served + 300);
        var served = await load.StopAsync();
        Assert.Equal(served, await app.WaitForStoredClicksAsync(link.Id, served));
        var after = await WaitForNewLossAsync(before);
        Assert.Equal(0, after.ClicksPossiblyLost - before.ClicksPossiblyLost);
    }

    [Fact]
    public async Task AnApiStoppedWhileRedisIsDownSendsItsBufferedClicksOnTheWayOut()
    {
        var link = await app.CreateLinkAsync("https://example.com/graceful-stop");
        Assert.Equal(HttpStatusCode.Found, await app.FollowAsync(link.Slug));
        await app.WaitForStoredClicksAsync(link.Id, 1);

        await app.StopAsync("cache");
        await FollowAsync(link.Slug, 50); // held in the api's buffer: Redis is down
        var stopping = app.StopAsync("api");
        try
        {
            await app.StartAsync("cache");
            await app.WaitHealthyAsync("cache");
            await stopping;
            Assert.Equal(51, await app.WaitForStoredClicksAsync(link.Id, 51));
            Assert.DoesNotContain(await app.LogsAsync("api", 400), l => l.Contains("Shutdown flush timed out"));
        }
        finally
        {
            await app.StartAsync("api");
            await app.WaitHealthyAsync("api");
        }
    }

    private string AofDirectory => Path.Combine(app.DataDirectory, "cache", "appendonlydir");

    /// <summary>A link whose first click is stored, then the worker stopped: what Redis loses from here is in no database.</summary>
    private async Task<CreatedLink> StartWithWorkerStoppedAsync(string url)
    {
        await app.WaitHealthyAsync("worker");
        var link = await app.CreateLinkAsync(url);
        Assert.Equal(HttpStatusCode.Found, await app.FollowAsync(link.Slug));
        await app.WaitForStoredClicksAsync(link.Id, 1);
        await app.StopAsync("worker");
        return link;
    }

    private async Task StartWorkerAsync()
    {
        await app.StartAsync("worker");
        await app.WaitHealthyAsync("worker");
    }

    private async Task FollowAsync(string slug, int times)
    {
        for (var i = 0; i < times; i++) Assert.Equal(HttpStatusCode.Found, await app.FollowAsync(slug));
    }

    /// <summary>The clicks the api instances have sent, by their counters in Redis (as redis-cli would show them).</summary>
    private async Task<long> SentAsync()
    {
        var server = _redis.GetServers().Single();
        long total = 0;
        await foreach (var key in server.KeysAsync(pattern: ClickStream.SentCounterPattern)) total += (long)await _redis.GetDatabase().StringGetAsync(key);
        return total;
    }

    /// <summary>Waits until Redis has acknowledged this many clicks from the api.</summary>
    private Task<long> WaitForSentAsync(long total) =>
        Eventually.WaitForAsync(SentAsync, n => n >= total, TimeSpan.FromSeconds(30), $"{total} clicks sent to Redis");

    /// <summary>A copy of Redis's AOF once it holds <paramref name="sent"/> clicks: what a crash of the machine then would leave on disk.</summary>
    private async Task<string> SnapshotRedisDiskAsync(long sent)
    {
        Assert.Equal(sent, await WaitForSentAsync(sent));
        var copy = Path.Combine(Path.GetTempPath(), $"shortener-aof-{Guid.NewGuid():N}");
        CopyDirectory(AofDirectory, copy);
        return copy;
    }

    private async Task RestartRedisFromAsync(string disk)
    {
        await app.StopAsync("cache");
        Directory.Delete(AofDirectory, recursive: true);
        CopyDirectory(disk, AofDirectory);
        Directory.Delete(disk, recursive: true);
        await app.StartAsync("cache");
        await app.WaitHealthyAsync("cache");
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }

    private async Task<JsonElement> StatusAsync() =>
        (await app.Api.GetFromJsonAsync<JsonElement>("/worker/status"));

    private sealed record RedisDataLossSummary(long Incidents, long ClicksLost, long ClicksResent, long ClicksPossiblyLost, DateTimeOffset? LastDetectedAt);

    private async Task<RedisDataLossSummary> LossesAsync() =>
        (await StatusAsync()).GetProperty("redis_data_loss").Deserialize<RedisDataLossSummary>(ShortenerClient.Json)!;

    private Task<RedisDataLossSummary> WaitForNewLossAsync(RedisDataLossSummary before) =>
        Eventually.WaitForAsync(LossesAsync, s => s.Incidents > before.Incidents, TimeSpan.FromSeconds(60), "the api to report the loss");
}
