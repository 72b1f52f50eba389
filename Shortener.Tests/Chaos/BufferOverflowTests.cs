using System.Net;
using System.Text.Json;
using System.Net.Http.Json;
using Shortener.Tests.Infrastructure;

namespace Shortener.Tests.Chaos;

/// <summary>An api whose click buffer holds only 10 clicks, to see what happens beyond the bound.</summary>
public sealed class TinyBufferFixture : AppFixture
{
    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        base.Configure(builder);
        builder.CreateResourceBuilder<ProjectResource>("api").WithEnvironment("Clicks__Buffer__Capacity", "10");
    }
}

[CollectionDefinition(Name)]
public sealed class TinyBufferCollection : ICollectionFixture<TinyBufferFixture>
{
    public const string Name = "tiny-buffer";
}

[Collection(TinyBufferCollection.Name)]
public sealed class BufferOverflowTests(TinyBufferFixture app)
{
    [Fact]
    public async Task ClicksBeyondTheBufferAreCountedAsDroppedAndTheRestAreStored()
    {
        var link = await app.CreateLinkAsync("https://example.com/overflow");
        await app.FollowAsync(link.Slug);
        await app.WaitForStoredClicksAsync(link.Id, 1);
        await app.StopAsync("cache");

        for (var i = 0; i < 40; i++) Assert.Equal(HttpStatusCode.Found, await app.FollowAsync(link.Slug));

        await app.StartAsync("cache");
        await app.WaitHealthyAsync("cache");
        // No redirect happens after the outage, so the drop count is final. The 10 the buffer holds outlast the outage,
        // and so do the clicks the flusher had already taken into the batch it keeps retrying: as many as had arrived
        // when it woke, which only timing decides. So at most 30 of the 40 are dropped, and at least one is.
        using var status = await app.Api.GetFromJsonAsync<JsonDocument>("/worker/status");
        var dropped = status!.RootElement.GetProperty("dropped_in_api").GetInt64();
        Assert.InRange(dropped, 1, 30);
        var stored = await app.WaitForStoredClicksAsync(link.Id, 41 - dropped);
        Assert.Equal(41, stored + dropped);
        Assert.Contains(await app.LogsAsync("api", 400), l => l.Contains("The clicks buffer is full"));
    }
}
