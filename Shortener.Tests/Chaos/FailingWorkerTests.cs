using Shortener.Tests.Infrastructure;

namespace Shortener.Tests.Chaos;

/// <summary>
/// An app whose worker fails half its batches at random, before or after the commit (a switch for tests only). Reads
/// are small and parts smaller still (BatchClicks), so a read is often stored in several transactions, some of which
/// fail after others were acknowledged, while the next read is already under way.
/// </summary>
public sealed class FailingWorkerFixture : AppFixture
{
    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        base.Configure(builder);
        builder.CreateResourceBuilder<ProjectResource>("worker")
            .WithEnvironment("Chaos__BatchFailureRate", "0.5")
            .WithEnvironment("Worker__Clicks__BatchSize", "50")
            .WithEnvironment("Worker__Clicks__BatchClicks", "100");
    }
}

[CollectionDefinition(Name)]
public sealed class FailingWorkerCollection : ICollectionFixture<FailingWorkerFixture>
{
    public const string Name = "failing-worker";
}

[Collection(FailingWorkerCollection.Name)]
public sealed class FailingWorkerTests(FailingWorkerFixture app)
{
    [Fact]
    public async Task AWorkerFailingHalfItsBatchesStillStoresEveryClickExactlyOnce()
    {
        var link = await app.CreateLinkAsync("https://example.com/chaos");
        var load = new ShortenerClient.RedirectLoad(app, link.Slug).Start();
        await load.WaitForServedAsync(1000);
        var served = await load.StopAsync();

        var stored = await app.WaitForStoredClicksAsync(link.Id, served);
        Assert.Equal(served, stored);
        var failures = (await app.LogsAsync("worker", 400)).Count(l => l.Contains("Chaos: batch failed on purpose"));
        Assert.True(failures > 0, "the chaos switch should have failed some batches");
    }
}
