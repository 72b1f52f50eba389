using Shortener.Tests.Infrastructure;

namespace Shortener.Tests.Chaos;

/// <summary>An app with two worker replicas sharing the stream (AppHost:WorkerReplicas), for outages under load.</summary>
public sealed class TwoWorkersFixture : AppFixture
{
    protected override IEnumerable<string> AppHostArguments => ["--AppHost:WorkerReplicas=2"];
}

[CollectionDefinition(Name)]
public sealed class OutageCollection : ICollectionFixture<TwoWorkersFixture>
{
    public const string Name = "outages";
}

/// <summary>Each case ends with the stored count compared to the number of 302s served.</summary>
[Collection(OutageCollection.Name)]
public sealed class OutageTests(TwoWorkersFixture app)
{
    [Fact]
    public async Task TwoWorkersShareTheStreamAndWhenOneIsKilledTheOtherFinishesItsWork()
    {
        var workers = await app.App.ReplicaIdsAsync("worker");
        Assert.Equal(2, workers.Count);
        var link = await app.CreateLinkAsync("https://example.com/two-workers");
        var load = new ShortenerClient.RedirectLoad(app, link.Slug).Start();
        await load.WaitForServedAsync(400);

        await app.KillAsync(workers[0]);
        await load.WaitForServedAsync(load.Served + 400);
        var served = await load.StopAsync();

        Assert.Equal(served, await app.WaitForStoredClicksAsync(link.Id, served));
        await app.StartAsync(workers[0]);
        await app.WaitHealthyAsync("worker");
    }

    [Fact]
    public async Task PostgresStoppedForTenSecondsUnderLoadLosesAndDoublesNothing()
    {
        var link = await app.CreateLinkAsync("https://example.com/postgres-down");
        await app.FollowAsync(link.Slug); // cached in Redis before the database goes away
        var load = new ShortenerClient.RedirectLoad(app, link.Slug).Start();
        await load.WaitForServedAsync(200);

        await app.StopAsync("postgres");
        var servedAtStop = load.Served;
        // The outage itself is the scenario: redirects must keep being served from the caches throughout it.
        await Task.Delay(TimeSpan.FromSeconds(10));
        Assert.True(load.Served > servedAtStop + 50, "redirects stalled while PostgreSQL was down");
        await app.StartAsync("postgres");
        await app.WaitHealthyAsync("postgres");

        await load.WaitForServedAsync(load.Served + 200);
        var served = await load.StopAsync() + 1;
        var stored = await app.WaitForStoredClicksAsync(link.Id, served).ContinueWith(async t =>
            t.IsCompletedSuccessfully ? t.Result : throw new Xunit.Sdk.XunitException(t.Exception!.InnerException!.Message + await app.DiagnoseAsync())).Unwrap();
        Assert.Equal(served, stored);
    }

    [Fact]
    public async Task RedisRestartedUnderLoadLosesAndDoublesNothing()
    {
        var link = await app.CreateLinkAsync("https://example.com/redis-restart");
        var load = new ShortenerClient.RedirectLoad(app, link.Slug).Start();
        await load.WaitForServedAsync(300);

        await app.RestartAsync("cache");
        await app.WaitHealthyAsync("cache");
        await load.WaitForServedAsync(load.Served + 300);
        var served = await load.StopAsync();

        Assert.Equal(served, await app.WaitForStoredClicksAsync(link.Id, served));
    }

    [Fact]
    public async Task RedisKilledWithSigkillUnderLoadLosesAndDoublesNothing()
    {
        // AOF everysec can lose up to a second of writes on an OS crash; a killed process loses nothing acknowledged,
        // because Redis writes the AOF before it answers (the kernel keeps what was written).
        var link = await app.CreateLinkAsync("https://example.com/redis-kill-9");
        var load = new ShortenerClient.RedirectLoad(app, link.Slug).Start();
        await load.WaitForServedAsync(300);

        await app.KillAsync("cache");
        await app.StartAsync("cache");
        await app.WaitHealthyAsync("cache");
        await load.WaitForServedAsync(load.Served + 300);
        var served = await load.StopAsync();

        Assert.Equal(served, await app.WaitForStoredClicksAsync(link.Id, served));
    }

    [Fact]
    public async Task ClicksTakenWhileRedisIsDownWaitInTheApiAndAreStoredWhenItReturns()
    {
        var link = await app.CreateLinkAsync("https://example.com/redis-down");
        await app.FollowAsync(link.Slug);
        await app.StopAsync("cache");

        // The link is in the api's memory or comes from PostgreSQL: redirects go on without Redis.
        for (var i = 0; i < 100; i++) Assert.Equal(System.Net.HttpStatusCode.Found, await app.FollowAsync(link.Slug));

        await app.StartAsync("cache");
        await app.WaitHealthyAsync("cache");
        Assert.Equal(101, await app.WaitForStoredClicksAsync(link.Id, 101));
    }
}
