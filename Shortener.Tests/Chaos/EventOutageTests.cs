using StackExchange.Redis;
using Shortener.Tests.Events;
using Shortener.Tests.Infrastructure;

namespace Shortener.Tests.Chaos;

/// <summary>
/// Site events travel the clicks' pipeline, so they must survive what clicks survive: each case ends with the stored
/// count compared to the number of events answered 202, in the app with two worker replicas.
/// </summary>
[Collection(OutageCollection.Name)]
public sealed class EventOutageTests(TwoWorkersFixture app)
{
    [Fact]
    public async Task TwoWorkersShareTheEventStreamAndWhenOneIsKilledWithSigkillEveryEventIsStoredOnce()
    {
        var workers = await app.App.ReplicaIdsAsync("worker");
        Assert.Equal(2, workers.Count);
        var site = await app.Api.RegisterSiteAsync("scale-out");
        var load = new EventClient.EventLoad(app, site).Start();
        await load.WaitForAcceptedAsync(1000);

        await app.KillAsync(workers[0]);
        await load.WaitForAcceptedAsync(load.Accepted + 1000);
        var accepted = await load.StopAsync();

        Assert.Equal(accepted, await app.WaitForStoredEventsAsync(site, accepted));
        await app.StartAsync(workers[0]);
        await app.WaitHealthyAsync("worker");
    }

    [Fact]
    public async Task PostgresStoppedForTenSecondsUnderEventLoadLosesAndDoublesNothingAndIngestionGoesOn()
    {
        var site = await app.Api.RegisterSiteAsync("postgres-down");
        var load = new EventClient.EventLoad(app, site).Start();
        await load.WaitForAcceptedAsync(500);

        await app.StopAsync("postgres");
        var acceptedAtStop = load.Accepted;
        // The outage itself is the scenario: ingestion must keep answering 202 throughout it.
        await Task.Delay(TimeSpan.FromSeconds(10));
        Assert.True(load.Accepted > acceptedAtStop + 200, "ingestion stalled while PostgreSQL was down");
        await app.StartAsync("postgres");
        await app.WaitHealthyAsync("postgres");

        await load.WaitForAcceptedAsync(load.Accepted + 500);
        var accepted = await load.StopAsync();
        Assert.Equal(accepted, await app.WaitForStoredEventsAsync(site, accepted));
    }

    [Fact]
    public async Task RedisRestartedUnderEventLoadLosesAndDoublesNothing()
    {
        var site = await app.Api.RegisterSiteAsync("redis-restart");
        var load = new EventClient.EventLoad(app, site).Start();
        await load.WaitForAcceptedAsync(500);

        await app.RestartAsync("cache");
        await app.WaitHealthyAsync("cache");
        await load.WaitForAcceptedAsync(load.Accepted + 500);
        var accepted = await load.StopAsync();

        Assert.Equal(accepted, await app.WaitForStoredEventsAsync(site, accepted));
    }
}
